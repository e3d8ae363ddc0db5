from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


dashboard = enquiry_new = enquiry_detail = rfq_detail = order_detail = _todo
