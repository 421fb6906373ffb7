"""The follow-ups page's filters (mine or everyone's, to do or done): refused values say so."""

from crm.core.extensions import db
from crm.followups.models import FollowUp


def _world(app, users) -> None:
    with app.app_context():
        db.session.add(FollowUp(description="Editor job", owner_id=users["editor"]))
        db.session.add(FollowUp(description="Admin job", owner_id=users["admin"]))
        db.session.add(FollowUp(description="Done job", owner_id=users["admin"], done=True))
        db.session.commit()


def test_who_and_show_filter(app, client, login_as, users):
    _world(app, users)
    login_as("editor")
    page = client.get("/follow-ups/?who=everyone&show=done").get_data(as_text=True)
    assert "Done job" in page and "Admin job" not in page


def test_bad_values_are_422_with_what_to_fix_and_the_rest_still_applies(
    app, client, login_as, users
):
    _world(app, users)
    login_as("editor")
    response = client.get("/follow-ups/?who=everyone&show=sometimes")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Show: Choose one of the options in the list." in page
    assert 'href="#show"' in page and 'id="show"' in page
    assert "Admin job" in page and "Editor job" in page and "Done job" not in page
    response = client.get("/follow-ups/?who=nobody")
    assert response.status_code == 422
    assert "Whose: Choose one of the options in the list." in response.get_data(as_text=True)
    refused = client.get("/follow-ups/export.csv?who=nobody")
    assert refused.status_code == 422
    assert "Whose: Choose one of the options in the list." in refused.get_data(as_text=True)
