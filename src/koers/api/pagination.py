from rest_framework.pagination import PageNumberPagination


class KoersPagination(PageNumberPagination):
    """``?page=2&page_size=100``; at most 500 per page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = "Paginanummer, vanaf 1."
    page_size_query_description = "Aantal resultaten per pagina (standaard 50, hoogstens 500)."
