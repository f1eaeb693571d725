"""API keys, users and roles, shared by the command line (`entitylist keys`) and the service.

Pipeline position: beside screening, above the store (it keeps its table in the store's
database) and below the faces, which only ask `KeyStore.authenticate` who is calling.
"""

from __future__ import annotations

from entitylist.auth.keys import ApiKey, KeyStore, Role
from entitylist.auth.users import Login, LoginRefused, LoginThrottled, User, UserStore

__all__ = [
    "ApiKey",
    "KeyStore",
    "Login",
    "LoginRefused",
    "LoginThrottled",
    "Role",
    "User",
    "UserStore",
]
