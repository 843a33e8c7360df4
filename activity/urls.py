from django.urls import path

from activity import feeds, views, watch_views
from core.page_cache import same_for_everyone

app_name = "activity"
urlpatterns = [
    path("modifications/", views.RecentChangesView.as_view(), name="recent"),
    # A feed is the same for every reader: kept for all under the content generation.
    path("modifications/atom/", same_for_everyone(feeds.ChangesFeed()), name="feed"),
    path("modifications/relecture/", views.PatrolView.as_view(), name="patrol"),
    path("compte/suivi/", watch_views.WatchlistView.as_view(), name="watchlist"),
    path("compte/suivi/suivre/", watch_views.toggle_watch, name="watch"),
    path(
        "compte/suivi/desabonnement/<str:token>/",
        watch_views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
