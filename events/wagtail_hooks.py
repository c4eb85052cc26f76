"""The events app's contributions through hooks: its demo content."""

from wagtail import hooks

from core.demo import DemoLoader

from . import demo


@hooks.register("register_demo_content")
def events_demo():
    return DemoLoader(name="events", order=20, load=demo.load)
