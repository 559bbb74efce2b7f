from ckeditor_uploader.fields import RichTextUploadingField

from agency.core.richtext import sanitize_html


class RichTextField(RichTextUploadingField):
    """CKEditor rich text (with image uploads for staff), sanitised on every save."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
