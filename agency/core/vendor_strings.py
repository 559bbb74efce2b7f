"""What installed apps show staff in their own words and translate into no Chinese.

django-axes (the sign-in records) and django-ckeditor's image browser ship no
Simplified Chinese, and Django 5.2's own catalogue lacks its newest admin strings.
Marked here, makemessages puts them into locale/, and Django reads LOCALE_PATHS before
any app's own catalogue, so the admin shows them in Chinese too. Nothing imports this
module: it is read by makemessages only (vendor_strings.js holds the admin's
JavaScript ones). Keep each string exactly as the app writes it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

AXES = [
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Attempt Time"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
]

CKEDITOR_BROWSER = [
    gettext_noop("&lsaquo; Prev"),
    gettext_noop("&lsaquo; Previous Photo"),
    gettext_noop(
        "Browse for the image you want, then click 'Embed Image' to continue..."
    ),
    gettext_noop("Embed Image"),
    gettext_noop("Images in: "),
    gettext_noop("Next &rsaquo;"),
    gettext_noop("Next Photo &rsaquo;"),
    gettext_noop(
        "No images found. Upload images using the 'Image Button' dialog's 'Upload' tab."
    ),
    gettext_noop("Pause Slideshow"),
    gettext_noop("Play Slideshow"),
    gettext_noop("Select an image to embed"),
    gettext_noop("Search files"),
]

# Django 5.2's admin and contrib apps: strings newer than their zh_Hans catalogue.
DJANGO = [
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop(
        "After you’ve created a user, you’ll be able to edit more user options."
    ),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    # django-reversion's Version, named in its admin's messages.
    gettext_noop("version"),
]
