"""The instance's people: accounts, groups and the secrets each flavor signs in with."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from .credentials import DEMO_USERNAME, api_token_for, password_for, pat_for
from .models import Group, User
from .state_core import StateCore


class PeopleState(StateCore):
    # ------------------------------------------------------------ people

    def add_user(
        self,
        display_name: str,
        email: str,
        username: str,
        time_zone: str = "UTC",
        *,
        account_id: str | None = None,
        key: str | None = None,
        admin: bool = False,
        active: bool = True,
    ) -> User:
        with self.lock:
            user = User(
                account_id=account_id or f"712020:{username}",
                name=username,
                key=key or username,
                display_name=display_name,
                email=email,
                time_zone=time_zone,
                active=active,
                admin=admin,
            )
            self.users.append(user)
            self._credentials[("basic", f"{email.lower()}:{api_token_for(username)}")] = user
            self._credentials[("basic", f"{username.lower()}:{password_for(username)}")] = user
            self._credentials[("bearer", pat_for(username))] = user
            return user

    def find_user(self, ident: str) -> User | None:
        """The person named by account id, username, key, email or display name."""
        wanted = ident.strip().lower()
        with self.lock:
            for user in self.users:
                if wanted in user.identifiers():
                    return user
        return None

    def user_by(self, ident: str) -> User:
        user = self.find_user(ident)
        if user is None:
            raise KeyError(f"no emulated user {ident!r}")
        return user

    def add_group(self, name: str, members: Iterable[str] = ()) -> Group:
        """A group (or the existing one of that name) with these people added, by any ident."""
        with self.lock:
            group = self.groups.get(name.lower())
            if group is None:
                group_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"tuiws-emulator/group/{name}"))
                group = Group(name=name, group_id=group_id)
                self.groups[name.lower()] = group
            for ident in members:
                account = self.user_by(ident).account_id
                if account not in group.members:
                    group.members.append(account)
            return group

    def find_group(self, *, name: str | None = None, group_id: str | None = None) -> Group | None:
        """Jira matches group names without regard to case; ids exactly."""
        with self.lock:
            if name is not None:
                return self.groups.get(name.lower())
            return next((g for g in self.groups.values() if g.group_id == group_id), None)

    def group_members(self, group: Group, *, include_inactive: bool = False) -> list[User]:
        """Members ordered by username, as Jira orders them."""
        with self.lock:
            people = [u for u in self.users if u.account_id in group.members]
            return sorted(
                (u for u in people if u.active or include_inactive), key=lambda u: u.name.lower()
            )

    @property
    def demo_user(self) -> User:
        return self.user_by(DEMO_USERNAME)

    def token_for(self, ident: str) -> str:
        """The secret a test uses to act as this person: Cloud API token, or Server PAT."""
        user = self.user_by(ident)
        return api_token_for(user.name) if self.flavor == "cloud" else pat_for(user.name)

    def password_for(self, ident: str) -> str:
        """Server/DC Basic password for this person."""
        return password_for(self.user_by(ident).name)

    def basic_login_for(self, ident: str) -> tuple[str, str]:
        """(username, password) for HTTP Basic on this flavor."""
        user = self.user_by(ident)
        if self.flavor == "cloud":
            return user.email, api_token_for(user.name)
        return user.name, password_for(user.name)

    def authenticate(self, scheme: str, secret: str) -> User | None:
        """`scheme` is "basic" (secret "user:password") or "bearer" (secret the token)."""
        with self.lock:
            if scheme == "basic":
                login, _, password = secret.partition(":")
                user = self._credentials.get(("basic", f"{login.lower()}:{password}"))
                if user is None:
                    return None
                # Cloud signs in by email and API token; Server by username and password.
                if self.flavor == "cloud" and login.lower() != user.email.lower():
                    return None
                if self.flavor == "server" and login.lower() != user.name.lower():
                    return None
                return user if user.active else None
            if scheme == "bearer" and self.flavor == "server":
                user = self._credentials.get(("bearer", secret))
                return user if user is not None and user.active else None
            return None
