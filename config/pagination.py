class LenientPaginationMixin:
    """A page number that is not a number, or past the end, shows a real page.

    Django's ListView answers 404 to ?page=abc or ?page=999; a reader who edited
    the address gets the first or the last page instead.
    """

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        # Pagination links keep the filters: "?<this>&page=N".
        return super().get_context_data(query_without_page=params.urlencode(), **kwargs)
