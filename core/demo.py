"""Demo content registry: `manage.py load_demo` asks each app for its demo data.

An app registers a loader in its own `wagtail_hooks.py`:

    @hooks.register("register_demo_content")
    def events_demo():
        return DemoLoader(name="events", order=20, load=demo.load)

`load(home=..., stdout=...)` creates or refreshes the app's content under the home
page; it must be safe to run twice and may print logins to `stdout`. Loaders run by
`order` (lower first).
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Callable
    order: int = 100


def demo_loaders():
    """The registered loaders, in order."""
    loaders = [fn() for fn in hooks.get_hooks("register_demo_content")]
    return sorted(loaders, key=lambda loader: (loader.order, loader.name))


def load_all(*, home, stdout):
    """Run every app's demo loader under `home`."""
    for loader in demo_loaders():
        loader.load(home=home, stdout=stdout)
