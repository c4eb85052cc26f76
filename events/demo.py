"""Demo content for the events app, called by `manage.py load_demo`."""


def load(*, home, stdout):
    """Create or update this app's demo content under `home`; safe to run twice."""
