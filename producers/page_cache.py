"""Pages rendered once per state of the records they show, and kept (in the cache: Redis in production).

A page's expensive part (its rows, its criteria, its figures) is rendered inside `{% cached_part %}`
(producers/templatetags/page_cache.py) and kept under a key made of everything that part can depend on:

- the code that renders it (a digest of the templates and the Python of this release), the database it was read
  from and the cache's generation;
- the page asked for (path and query string), in which language, on which day (days in a phase, deadlines);
- who asks: the person, their login (a new login starts fresh) and their roles, plus what the view adds (`vary`);
- the records of the groups it shows: their records versions (producers.records_version), bumped inside the
  transaction of every service that changes them, and the moment each was bumped;
- the reference data (phases, standards, names of organisations and people...), edited in the admin: the admin's
  latest log entry.

So a kept part is never stale: any change of what it shows makes a new key, and the old one expires unused. What
is checked on each request stays outside the kept part and is checked each time: the login, the second factor,
access to the group (the view fetches it through its scoped helper before asking for the key), the messages, the
CSRF token (left as a hole in the kept part and filled per request).

The view passes what only the kept part shows as `page_details`, a function called when the part is rendered and
not when it is taken from the cache.
"""

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, QuerySet, Subquery, Sum
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from .models import ProducerGroup, Programme, RecordsVersion, User
from .selectors import (
    can_change_register,
    can_see_register,
    groups_editable_by,
    groups_visible_to,
    may_change_all_visible,
    programmes_visible_to,
    register_access_remember,
    roles_of,
)

# What the code of a release is made of, for the digest: a deployment that changes a template or a view never
# serves what the previous release rendered.
SOURCE_PATTERNS = ("*.py", "*.html")
SOURCE_FOLDERS = ("hivos_qm", "producers", "standards", "cycles", "templates")


@dataclass(frozen=True)
class PageCache:
    """The key of this request's kept parts, and how long they are kept."""

    key: str
    seconds: int

    def part_key(self, name: str, vary: Iterable[str] = ()) -> str:
        """The cache key of the part `name` of the page (`{% cached_part %}`)."""
        return f"page:{name}:{self.key}:{':'.join(vary)}"

    def has_part(self, name: str) -> bool:
        """Whether the part `name` (without vary values) is kept."""
        return cache.has_key(self.part_key(name))


@functools.cache
def release_digest() -> str:
    """A digest of the templates and the Python of the running code, computed once per process."""
    digest = hashlib.blake2b(digest_size=12)
    base = Path(settings.BASE_DIR)
    for folder in SOURCE_FOLDERS:
        for pattern in SOURCE_PATTERNS:
            for path in sorted((base / folder).rglob(pattern)):
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _where() -> tuple[str, ...]:
    """Which code rendered a part, from which database, in which generation: two deployments sharing one Redis
    (staging and production), or two test processes, never take each other's parts; and raising the generation
    (DJANGO_PAGE_CACHE_GENERATION) drops every kept part at once, should it ever be needed."""
    return release_digest(), str(connection.settings_dict["NAME"]), settings.PAGE_CACHE_GENERATION


def _reference_state() -> Subquery:
    """The admin's latest log entry: every edit of the reference data by hand writes one."""
    return Subquery(LogEntry.objects.order_by("-pk").values("pk")[:1])


def _key(request: HttpRequest, user: User, seconds: int, state: Iterable[object]) -> PageCache:
    parts = [
        *_where(),
        request.get_full_path(),
        translation.get_language(),
        timezone.localdate().isoformat(),
        user.pk,
        user.last_login.isoformat() if user.last_login else None,
        roles_of(user),
        *state,
    ]
    return PageCache(key=hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest(), seconds=seconds)


def _kept_for(request: HttpRequest) -> tuple[User, int] | None:
    """Who asks and for how long their pages are kept; None when they are not (in development, or for a person
    whose login is not known)."""
    user = request.user
    seconds: int = settings.PAGE_CACHE_SECONDS
    if seconds <= 0 or not isinstance(user, User) or not user.is_authenticated or user.last_login is None:
        return None
    return user, seconds


def group_for_page(user: User, pk: int, *, register: bool = False, change: bool = False) -> ProducerGroup:
    """The group if the user may see it (404 otherwise, as `group_get_for_user`), read with the state of its
    records and whether the user may change them: in one query, what the key of its pages needs. With `register`
    (a page of its members' personal data) or `change` (a page that changes its records): 403 for those who only
    see the group, as `group_register_get_for_user` and `group_get_for_change`."""
    group = _group_with_state(user, pk)
    if register and not can_see_register(user, group):
        raise PermissionDenied
    # Seen is changeable for all but donors (`may_change_all_visible`): the question costs a query only for them.
    if change and not (may_change_all_visible(user) or can_change_register(user, group)):
        raise PermissionDenied
    return group


# What `group_for_page` reads with the group for the key of its pages (annotations: mypy does not know them).
GROUP_STATE = ("records_version_number", "records_changed_at", "reference_state")


def _group_with_state(user: User, pk: int) -> ProducerGroup:
    groups = groups_visible_to(user).annotate(
        records_version_number=F("records_version__version"),
        records_changed_at=F("records_version__changed_at"),
        reference_state=_reference_state(),
    )
    if may_change_all_visible(user):
        group: ProducerGroup = get_object_or_404(groups, pk=pk)
        # Seen, so changeable: `can_see_register` says yes to those of them who work with registers.
        register_access_remember(user, group.pk, allowed=True)
        return group
    editable = groups_editable_by(user).filter(pk=OuterRef("pk"))
    group = get_object_or_404(groups.annotate(register_allowed=Exists(editable)), pk=pk)
    register_access_remember(user, group.pk, allowed=getattr(group, "register_allowed"))  # noqa: B009 (annotated)
    return group


def group_page_cache(request: HttpRequest, group: ProducerGroup, *, vary: Iterable[object] = ()) -> PageCache | None:
    """The key for the kept parts of a page of one group, read by `group_for_page`. No query."""
    kept = _kept_for(request)
    if kept is None:
        return None
    user, seconds = kept
    state = [group.pk, *(getattr(group, name) for name in GROUP_STATE)]
    return _key(request, user, seconds, [can_see_register(user, group), *vary, *state])


def page_cache(
    request: HttpRequest,
    *,
    groups: QuerySet[ProducerGroup],
    vary: Iterable[object] = (),
) -> PageCache | None:
    """The key for the kept parts of a page that shows the records of `groups` (a queryset already scoped to the
    person). One query."""
    kept = _kept_for(request)
    if kept is None:
        return None
    user, seconds = kept
    # Count and sums of the ids and versions, and the latest bump: a group that enters or leaves the scope, and
    # any change of any of them, changes at least one of them.
    state = groups.order_by().aggregate(
        groups=Count("pk"),
        ids=Sum("pk"),
        versions=Sum("records_version__version"),
        latest=Max("records_version__changed_at"),
        reference=Max(_reference_state()),
    )
    return _key(request, user, seconds, [*vary, *state.values()])


def navigation_cache(request: HttpRequest) -> PageCache | None:
    """The key of the menu: the same for every page a person opens in one login, except for the page's own address
    (the language switch comes back to it). No query: all it shows is the person's name and roles, already read."""
    kept = _kept_for(request)
    if kept is None:
        return None
    user, seconds = kept
    parts = [
        *_where(),
        request.get_full_path(),
        translation.get_language(),
        user.pk,
        user.last_login.isoformat() if user.last_login else None,
        user.get_username(),
        user.get_full_name(),
        user.is_staff,
        roles_of(user),
    ]
    return PageCache(key=hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest(), seconds=seconds)


def programme_for_page(user: User, pk: int) -> Programme:
    """The programme if the user may read it (404 otherwise, as `programme_get_for_user`), read with the state of
    its own records and of its groups' records: in one query, what the key of its page needs."""
    groups = RecordsVersion.objects.filter(group__programmes=OuterRef("pk")).order_by().values("group__programmes")
    programmes = programmes_visible_to(user).annotate(
        own_version=F("records_version__version"),
        own_changed_at=F("records_version__changed_at"),
        groups_versions=Subquery(groups.annotate(total=Sum("version")).values("total")[:1]),
        groups_changed_at=Subquery(groups.annotate(latest=Max("changed_at")).values("latest")[:1]),
        reference_state=_reference_state(),
    )
    programme: Programme = get_object_or_404(programmes, pk=pk)
    return programme


# What `programme_for_page` reads with the programme for the key of its page.
PROGRAMME_STATE = ("own_version", "own_changed_at", "groups_versions", "groups_changed_at", "reference_state")


def programme_page_cache(request: HttpRequest, programme: Programme) -> PageCache | None:
    """The key for the kept parts of a programme's page, read by `programme_for_page`. No query.

    The programme's groups are in its own records (ProgrammeVersion: a group added or removed bumps it), and the
    records of each of them in theirs: so their sum and latest bump follow every change of what the page shows.
    Those who reach the page see all of its groups (coordinators every group, donors every group of the
    programmes their organisation funds), so the person's scope adds nothing the key must follow
    (tests/test_page_cache.py)."""
    kept = _kept_for(request)
    if kept is None:
        return None
    user, seconds = kept
    return _key(request, user, seconds, [programme.pk, *(getattr(programme, name) for name in PROGRAMME_STATE)])
