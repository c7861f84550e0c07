"""Search indexing (placeholder until the Pagefind index lands)."""


def index_site(site, out):
    return None
