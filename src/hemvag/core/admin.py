"""The admin site for administrators: units, municipalities, users and memberships.

Every save and delete goes through the core actions (audited); the logs are not here at all, since they
have no change or delete path. Access is our permission `core.administer`, not Django's staff flag.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hemvag.core.actions import do_admin_delete, do_admin_save
from hemvag.core.models import Membership, Municipality, Unit, User
from hemvag.core.permissions import has_permission


class HemvagAdminSite(admin.AdminSite):
    site_header = _("Hemväg administration")
    site_title = _("Hemväg administration")
    index_title = _("Units, users and roles")

    def has_permission(self, request: HttpRequest) -> bool:
        return has_permission(request.user, "core.administer")

    def login(self, request: HttpRequest, extra_context: Any = None) -> Any:
        # One sign-in page for the whole service.
        return redirect_to_login(request.GET.get("next") or request.get_full_path())

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Callable[..., Any]:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            # Signed in without the right role: a plain refusal, not a second login page.
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)


site = HemvagAdminSite(name="admin")


class AuditedAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_permission(request.user, "core.administer")

    has_view_permission = has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: has_permission(request.user, "core.administer")
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        do_admin_save(actor=request.user, instance=obj, changed_fields=list(form.changed_data), adding=not change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        do_admin_delete(actor=request.user, instance=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            do_admin_delete(actor=request.user, instance=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for obj in formset.deleted_objects:
            do_admin_delete(actor=request.user, instance=obj)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            obj = inline_form.save(commit=False)
            do_admin_save(actor=request.user, instance=obj, changed_fields=list(inline_form.changed_data),
                          adding=obj._state.adding)


@admin.register(Municipality, site=site)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ("name", "code")


@admin.register(Unit, site=site)
class UnitAdmin(AuditedAdmin):
    list_display = ("name", "kind", "municipality", "code", "reference_prefix", "is_active")
    list_filter = ("kind", "municipality", "is_active")
    search_fields = ("name", "code", "reference_prefix")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ("unit", "role")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_permission(request.user, "core.administer")

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(User, site=site)
class HemvagUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ("username", "first_name", "last_name", "is_active", "last_login")
    search_fields = ("username", "first_name", "last_name", "email")
    list_filter = ("is_active", "memberships__role", "memberships__unit")
    inlines = [MembershipInline]
    # Roles come from memberships; Django's own staff/superuser/permission flags are not used.
    fieldsets = (
        # Passwords are changed by their owner (audited action), not edited here.
        (None, {"fields": ("username",)}),
        (_("Person"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined")

    def get_urls(self) -> list[Any]:
        # Drop UserAdmin's password form: it writes the password outside the audited actions.
        return [url for url in super().get_urls() if getattr(url, "name", "") != "auth_user_password_change"]
