from django.urls import path

from opendata.views import OpenDataView, download

app_name = "opendata"
urlpatterns = [
    path("", OpenDataView.as_view(), name="index"),
    path("<str:name>", download, name="file"),
]
