from django.urls import path

from cities import views

app_name = "cities"
urlpatterns = [
    path("", views.CityListView.as_view(), name="list"),
    path("suggestions/", views.city_suggestions, name="suggestions"),
    path("<slug:slug>/", views.CityDetailView.as_view(), name="detail"),
]
