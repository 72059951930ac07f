"""A URL that tries to write, to prove the database refuses it during a regulator's request."""

from django.http import HttpResponse
from django.urls import path

from regulators.models import Regulator


def write_probe(request):
    Regulator.objects.create(name="写入探针", districts=["xuhui"])
    return HttpResponse("written")


urlpatterns = [path("write-probe/", write_probe)]
