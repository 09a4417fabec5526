from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("not built yet", status=501)


home = document = meeting = briefer = topic = _todo
