from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name

from companies.models import Company, Domain
from companies.services import create_company, validate_new_slug


class CompanyCreateForm(forms.ModelForm):
    admin_email = forms.EmailField(label=_("first manager's e-mail"))

    class Meta:
        model = Company
        fields = ["name", "slug"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        validate_new_slug(slug)
        return slug

    def validate_unique(self):
        # validate_new_slug already says, in the user's language, whether the slug is taken.
        pass


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "language", "schema_name", "created_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["schema_name", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(schema_name=get_public_schema_name())

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = CompanyCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "slug", "admin_email"]
        return ["name", "slug", "language", "schema_name", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "schema_name", "created_at"] if obj else []

    def get_inlines(self, request, obj):
        return [DomainInline] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        try:
            created = create_company(
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                admin_email=form.cleaned_data["admin_email"],
                by=request.user,
            )
        except ValidationError as exc:  # a race with another creation
            raise ValidationError(exc.messages) from exc
        # The admin goes on with `obj` (log entry, redirect): make it the created company.
        obj.__dict__.update(created.__dict__)
