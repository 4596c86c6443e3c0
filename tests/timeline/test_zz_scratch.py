import datetime
import pytest
from tests.factories import make_event, make_character, make_season

pytestmark = pytest.mark.django_db

def test_show(client):
    make_season(1); make_season(2)
    c = make_character(name="Nam On-jo")
    make_event(title="Past", date=datetime.date(2024,9,1), precision="part_of_year", character_ids=[c.pk], season=2)
    make_event(title="Future", date=datetime.date(2099,1,1), precision="half")
    r = client.get("/timeline/?kind=spaceship&year=abc&season=7&character=nobody")
    print(r.status_code)
    print(r.content.decode()[-6000:])
    r = client.get("/timeline/" + "past/")
    print(r.content.decode()[-3000:])
