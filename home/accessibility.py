"""The visually-impaired mode ("версия для слабовидящих").

The visitor's choices live in one cookie, so the mode survives reloads and works
without JavaScript: the server renders the classes on <html> directly.
"""

from dataclasses import dataclass

COOKIE_NAME = "a11y"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365

FONT_SIZES = ("normal", "large", "xlarge")
SCHEMES = ("contrast", "inverted", "blue")


@dataclass(frozen=True)
class AccessibilityPrefs:
    enabled: bool = False
    size: str = "large"
    scheme: str = "contrast"
    images: bool = True

    @classmethod
    def from_cookie(cls, raw):
        """Parse `on|large|contrast|img`; anything unknown falls back to defaults."""
        if not raw:
            return cls()
        parts = raw.split("|")
        if parts[0] != "on":
            return cls()
        size = parts[1] if len(parts) > 1 and parts[1] in FONT_SIZES else cls.size
        scheme = parts[2] if len(parts) > 2 and parts[2] in SCHEMES else cls.scheme
        images = not (len(parts) > 3 and parts[3] == "noimg")
        return cls(enabled=True, size=size, scheme=scheme, images=images)

    def to_cookie(self):
        if not self.enabled:
            return "off"
        return "|".join(
            ["on", self.size, self.scheme, "img" if self.images else "noimg"]
        )

    def updated(self, params):
        """A copy changed by the query parameters of the settings panel."""
        values = {
            "enabled": self.enabled,
            "size": self.size,
            "scheme": self.scheme,
            "images": self.images,
        }
        if params.get("mode") in ("on", "off"):
            values["enabled"] = params["mode"] == "on"
        if params.get("size") in FONT_SIZES:
            values["size"] = params["size"]
            values["enabled"] = True
        if params.get("scheme") in SCHEMES:
            values["scheme"] = params["scheme"]
            values["enabled"] = True
        if params.get("images") in ("show", "hide"):
            values["images"] = params["images"] == "show"
            values["enabled"] = True
        return AccessibilityPrefs(**values)

    @property
    def html_classes(self):
        if not self.enabled:
            return ""
        classes = ["a11y", f"a11y-size-{self.size}", f"a11y-scheme-{self.scheme}"]
        if not self.images:
            classes.append("a11y-no-images")
        return " ".join(classes)
