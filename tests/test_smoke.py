def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Log in to Partnerwise" in response.data


def test_pages_need_login(client):
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_editor_sees_lists(client, login_as):
    login_as("editor")
    for path in ("/", "/organisations/", "/contacts/", "/organisations/new", "/contacts/new"):
        response = client.get(path)
        assert response.status_code == 200, path
