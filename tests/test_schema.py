"""The published JSON Schemas are the ones the validator uses, and editors can find them."""
from conftest import ROOT
from thidua.scaffold import schema_documents, schema_text


def test_committed_schemas_are_current():
    for name, document in schema_documents().items():
        committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert committed == schema_text(document), f"run 'scripts/portal schema' to refresh schemas/{name}"


def test_campaign_files_point_editors_at_the_schema():
    for path in (ROOT / "campaigns").glob("*/*.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{path.stem}.schema.json", path


def test_new_campaign_scaffold_is_valid(tmp_path):
    from thidua.load import load_archive
    from thidua.scaffold import new_campaign
    new_campaign(tmp_path / "campaigns", "thu-nghiem")
    archive, problems = load_archive(tmp_path / "campaigns")
    assert [p for p in problems if p.severity == "error"] == []
    assert archive.campaigns[0].draft is True
