from django.urls import path

from opendata.views import OpenDataView, download, extract

app_name = "opendata"
urlpatterns = [
    path("", OpenDataView.as_view(), name="index"),
    path("extrait/<slug:name>.csv", extract, name="extract"),
    path("<str:name>", download, name="file"),
]
