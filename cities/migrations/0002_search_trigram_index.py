from django.db import migrations

from cities.operations import CreateTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("cities", "0001_initial")]

    operations = [CreateTrigramIndex("city_search_trigram", "cities_city", "search_name")]
