"""Export for the national database: stable columns, CSV and JSON, office only."""
import csv
import io
import json
from datetime import timedelta

from marketplace.api.tokens import create_token
from marketplace.clock import today
from marketplace.ocop.export import COLUMNS
from marketplace.ocop.services import revoke_certification
from tests.factories import DEFAULT_PASSWORD, make_certification, make_product, make_user

EXPECTED_COLUMNS = (
    "certificate_no", "decision_no", "stars", "score", "score_a", "score_b", "score_c",
    "issuer", "issuer_level", "certified_on", "expires_on", "status", "active",
    "revoked_reason", "product_slug", "product_name", "product_group", "product_subgroup",
    "gtin", "producer_slug", "producer_name", "producer_kind", "producer_tax_code",
    "province_code", "province", "commune_code", "commune", "street", "legacy_address",
)


def three_certificates():
    current = make_product("Chè Đinh Tân Cương", stars=5, gtin="8930000000017")
    old = make_product("Mật ong Phúc Thành")
    make_certification(old, stars=3, certified_on=today() - timedelta(days=1200),
                       expires_on=today() - timedelta(days=50))
    revoked = make_product("Miến dong Tài Hoan", stars=4)
    revoke_certification(revoked.certifications[0], "Vi phạm chất lượng")
    return current, old, revoked


def test_the_column_names_are_the_documented_contract():
    assert COLUMNS == EXPECTED_COLUMNS


def test_csv_for_an_office_session(app, db):
    three_certificates()
    office = make_user(role="office")
    client = app.test_client()
    client.post("/login", data={"email": office.email, "password": DEFAULT_PASSWORD})

    response = client.get("/api/v1/export/certifications?format=csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "no-store" in response.headers["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert tuple(rows[0]) == EXPECTED_COLUMNS
    by_name = {r["product_name"]: r for r in rows}
    assert by_name["Chè Đinh Tân Cương"]["active"] == "1"
    assert by_name["Chè Đinh Tân Cương"]["stars"] == "5"
    assert by_name["Chè Đinh Tân Cương"]["gtin"] == "8930000000017"
    assert by_name["Chè Đinh Tân Cương"]["product_group"] == "Thực phẩm"
    assert by_name["Chè Đinh Tân Cương"]["product_subgroup"] == "Chè, cà phê"
    assert by_name["Chè Đinh Tân Cương"]["province"] == "Tỉnh Thái Nguyên"
    assert by_name["Mật ong Phúc Thành"]["active"] == "0"
    assert by_name["Miến dong Tài Hoan"]["status"] == "revoked"
    assert by_name["Miến dong Tài Hoan"]["revoked_reason"] == "Vi phạm chất lượng"


def test_json_by_token_with_a_status_filter(app, db):
    three_certificates()
    token = create_token(make_user(role="office"), "CSDL quốc gia")

    response = app.test_client().get("/api/v1/export/certifications?status=active",
                                     headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    data = response.get_json()
    assert data["format"] == "ocop-certifications/1"
    assert data["columns"] == list(EXPECTED_COLUMNS)
    assert data["count"] == 1
    assert list(data["certifications"][0]) == list(EXPECTED_COLUMNS)
    assert data["certifications"][0]["active"] is True


def test_no_login_a_shopper_a_bad_or_revoked_token_are_refused(app, db):
    from marketplace.api.tokens import ApiToken, revoke_token

    shopper = make_user()
    office = make_user(role="office")
    token = create_token(office)
    client = app.test_client()

    assert client.get("/api/v1/export/certifications").status_code == 401
    assert client.get("/api/v1/export/certifications",
                      headers={"Authorization": "Bearer ocop_nope"}).status_code == 401
    client.post("/login", data={"email": shopper.email, "password": DEFAULT_PASSWORD})
    assert client.get("/api/v1/export/certifications").status_code == 403
    revoke_token(db.session.query(ApiToken).one().id, office)
    assert app.test_client().get("/api/v1/export/certifications", headers={
        "Authorization": f"Bearer {token}"}).status_code == 401


def test_bad_parameters_are_400(app, db):
    token = create_token(make_user(role="office"))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    assert client.get("/api/v1/export/certifications?format=xml", headers=headers).status_code == 400
    assert client.get("/api/v1/export/certifications?status=x", headers=headers).status_code == 400


def test_the_command_writes_csv_and_json(runner, db, tmp_path):
    three_certificates()
    target = tmp_path / "out.json"

    as_csv = runner.invoke(args=["ocop", "export", "--format", "csv"])
    as_json = runner.invoke(args=["ocop", "export", "--format", "json", "-o", str(target)])

    assert as_csv.exit_code == 0
    header = as_csv.output.lstrip("\ufeff").splitlines()[0]
    assert header == ",".join(EXPECTED_COLUMNS)
    assert as_json.exit_code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["count"] == 3 and data["columns"] == list(EXPECTED_COLUMNS)


def test_api_tokens_from_the_command_line(runner, db):
    make_user("van-phong@example.vn", role="office")
    make_user("nguoi-mua@example.vn")

    made = runner.invoke(args=["ocop", "api-token", "van-phong@example.vn", "--name", "CSDL"])
    refused = runner.invoke(args=["ocop", "api-token", "nguoi-mua@example.vn"])

    assert made.exit_code == 0 and made.output.startswith("ocop_")
    assert refused.exit_code != 0


def test_the_json_export_matches_its_schema(app, db):
    from tests.api import assert_matches_schema

    three_certificates()
    token = create_token(make_user(role="office"))

    data = app.test_client().get("/api/v1/export/certifications", headers={
        "Authorization": f"Bearer {token}"}).get_json()

    assert_matches_schema(data, "CertificationExport")
