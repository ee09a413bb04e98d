"""Staff accounts in the admin: administrators manage them, superusers manage the administrators.

An administrator (the role) adds staff, resets their passwords and gives them one of the role
groups, but cannot make anyone a superuser, give permissions one by one, change what a role may
do, or touch a superuser's account: no staff member can raise their own privileges above the
administrator role. Only a superuser (created on the command line with `createsuperuser`) can.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

# Fields only a superuser may set: superuser status, and permissions outside the role groups.
SUPERUSER_ONLY_FIELDS = ["is_superuser", "user_permissions"]


class StaffUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += SUPERUSER_ONLY_FIELDS
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # a superuser's password or groups are not an administrator's to change
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


class RoleGroupAdmin(GroupAdmin):
    """The roles' permissions are set by migrations (registry/roles.py); only a superuser may
    change them by hand, and an administrator sees them read-only."""


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), StaffUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)
