from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.memberships import add_membership, change_membership, remove_membership
from accounts.models import Membership, User


class UserCreationForm(auth_forms.UserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["company"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "regulator", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_staff", "is_active", "regulator"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "regulator"]}),
        (_("Platform access"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        # Memberships change through their services, so each change is in the platform log.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline in formset.deleted_forms:
            if inline.instance.pk is not None:
                remove_membership(inline.instance, by=request.user)
                formset.deleted_objects.append(inline.instance)
        for inline in formset.forms:
            if inline in formset.deleted_forms or not inline.has_changed():
                continue
            membership, data = inline.instance, inline.cleaned_data
            if membership.pk is not None and "company" in inline.changed_data:
                # Moving a role to another company is leaving one and joining the other.
                remove_membership(Membership.objects.get(pk=membership.pk), by=request.user)
                membership.pk = None
            if membership.pk is None:
                added = add_membership(
                    user=form.instance, company=data["company"], role=data["role"], by=request.user
                )
                formset.new_objects.append(added)
            else:
                change_membership(membership, role=data["role"], by=request.user)
                formset.changed_objects.append((membership, inline.changed_data))
        return None
