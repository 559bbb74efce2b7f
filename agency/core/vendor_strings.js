// The strings of Django 5.2's admin JavaScript (the two-list selector of permissions
// and groups) that its zh_Hans catalogue lacks: read by makemessages only, never
// served (see vendor_strings.py). The admin's jsi18n adds locale/'s djangojs catalogue.
/* global gettext */
[
  gettext('Choose %s by selecting them and then select the "Choose" arrow button.'),
  gettext("Choose all %s"),
  gettext("Choose selected %s"),
  gettext("Remove selected %s"),
  gettext('Remove %s by selecting them and then select the "Remove" arrow button.'),
  gettext("(click to clear)"),
  gettext("Remove all %s")
];
