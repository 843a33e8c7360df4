from django.urls import path

from activity import feeds, views

app_name = "activity"
urlpatterns = [
    path("", views.RecentChangesView.as_view(), name="recent"),
    path("atom/", feeds.ChangesFeed(), name="feed"),
    path("relecture/", views.PatrolView.as_view(), name="patrol"),
]
