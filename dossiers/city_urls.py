from django.urls import path

from cities.views import city_suggestions
from dossiers.views import cities as views

app_name = "cities"
urlpatterns = [
    path("", views.CityListView.as_view(), name="list"),
    path("suggestions/", city_suggestions, name="suggestions"),
    path("<slug:slug>/", views.CityDetailView.as_view(), name="detail"),
]
