"""The data dictionary page and datapackage.json (Frictionless Data Package) of the downloads."""

import csv
import io

import pytest

from registry.models import Pairing
from registry.resources import PairingResource

from .helpers import body, build_open_data

pytestmark = pytest.mark.django_db


def test_datapackage_describes_every_download_column(client, demo_data):
    response = client.get("/en/open-data/datapackage.json", headers={"origin": "https://x.example"})
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    package = response.json()
    assert package["licenses"][0]["name"] == "CC-BY-SA-4.0"
    assert len(package["version"]) == 10  # YYYY-MM-DD: the data's last change
    names = [resource["name"] for resource in package["resources"]]
    assert names == ["pairings", "places", "activities"]
    build_open_data()
    for resource in package["resources"]:
        text = body(client.get(resource["path"].removeprefix("http://testserver"))).decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(text)))
        assert [field["name"] for field in resource["schema"]["fields"]] == header
    pairings = package["resources"][0]["schema"]["fields"]
    types = {field["name"]: field["type"] for field in pairings}
    assert types["pair_id"] == types["side_a_latitude"] == "number"
    assert types["pair_slug"] == types["side_b_wikidata_qid"] == types["side_a_gbt2260_code"] == "string"


def test_datapackage_version_is_the_date_of_the_last_change(client, demo_data):
    latest = Pairing.history.latest("history_date").history_date.date()
    assert client.get("/en/open-data/datapackage.json").json()["version"] >= latest.isoformat()


@pytest.mark.parametrize(
    ("lang", "heading", "meaning"),
    [
        ("en", "Data dictionary", "English name"),
        ("zh-hans", "数据字典", "英文名称"),
    ],
)
def test_data_dictionary_page(client, demo_data, lang, heading, meaning):
    html = client.get(f"/{lang}/open-data/data-dictionary/").content.decode()
    assert f"<h1>{heading}</h1>" in html
    for column in PairingResource.columns:
        assert f"<code>{column.name}</code>" in html
    assert f"<td>{meaning}</td>" in html
    assert 'href="/' + lang + '/open-data/datapackage.json"' in html


def test_open_data_page_links_the_dictionary(client, demo_data):
    html = client.get("/en/open-data/").content.decode()
    assert 'href="/en/open-data/data-dictionary/"' in html
