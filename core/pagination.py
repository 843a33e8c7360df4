from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.http import QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _


class PageOutOfRange(Exception):
    def __init__(self, paginator):
        super().__init__("no such page")
        self.paginator = paginator


class ListPaginationMixin:
    """Pagination that keeps the filters, and answers a page that does not exist with 404.

    ?page=abc, ?page=0 or ?page=999 past the end are not pages: the answer says so
    (status 404, so crawlers and the load balancer see an error) and links to the
    first and the last page of the same list.
    """

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        try:
            page = paginator.page(self.request.GET.get(self.page_kwarg) or 1)
        except InvalidPage:
            raise PageOutOfRange(paginator) from None
        return paginator, page, page.object_list, page.has_other_pages()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except PageOutOfRange as error:
            context = {
                "paginator": error.paginator,
                "query_without_page": self.query_without_page(),
            }
            return TemplateResponse(request, "page_out_of_range.html", context, status=404)

    def filters_in_use(self):
        """The list's filters that have a value: not the page number, nor the fields
        left empty (« ?q=&region=… »)."""
        params = QueryDict(mutable=True)
        for name, values in self.request.GET.lists():
            kept = [value for value in values if value != ""]
            if name != self.page_kwarg and kept:
                params.setlist(name, kept)
        return params

    def query_without_page(self):
        """The filters in use, for links to the list's other pages."""
        return self.filters_in_use().urlencode()

    def get_context_data(self, **kwargs):
        # Pagination links keep the filters: "?<this>&page=N".
        filters = self.filters_in_use()
        return super().get_context_data(
            query_without_page=filters.urlencode(), active_filter_count=len(filters), **kwargs
        )


class UncountedPaginator(Paginator):
    """Pages through a long query without counting it (a count of a whole history
    costs more than the page): each page reads one row more than it shows, to know
    whether another page follows. Its pages have no total."""

    counted = False

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("Ce numéro de page n’est pas un nombre entier.")) from None
        if number < 1:
            raise EmptyPage(_("Ce numéro de page est inférieur à 1."))
        return number

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("Cette page ne contient aucun résultat."))
        return UncountedPage(
            rows[: self.per_page], number, self, has_next=len(rows) > self.per_page
        )

    @property
    def count(self):
        raise TypeError("an UncountedPaginator does not count")


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next


class UncountedListMixin(ListPaginationMixin):
    """A ListView over a long list it does not count (UncountedPaginator), such as
    one that mixes several models: its template is named, not derived from a model."""

    paginator_class = UncountedPaginator

    def get_template_names(self):
        return [self.template_name]
