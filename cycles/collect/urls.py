"""Field capture's URLs: the OpenRosa server under /collect/key/<key>/ (the server URL Collect is set up with), and
the pages under /field-capture/ and each group's."""

from django.urls import path

from .views import group, keys, openrosa, photos, review

app_name = "collect"
urlpatterns = [
    path("collect/key/<str:key>/", openrosa.root_view, name="root"),
    path("collect/key/<str:key>/formList", openrosa.form_list_view, name="form_list"),
    path("collect/key/<str:key>/forms/<str:form_id>/form.xml", openrosa.form_view, name="form"),
    path("collect/key/<str:key>/forms/<str:form_id>/manifest", openrosa.manifest_view, name="manifest"),
    path("collect/key/<str:key>/forms/<str:form_id>/media/<str:name>", openrosa.media_view, name="media"),
    path("collect/key/<str:key>/submission", openrosa.submission_view, name="submission"),
    path("field-capture/", keys.keys_view, name="keys"),
    path("field-capture/keys/<int:pk>/revoke/", keys.key_revoke_view, name="key_revoke"),
    path("groups/<int:pk>/field-capture/", group.group_capture_view, name="group"),
    path("groups/<int:pk>/field-capture/form.xlsx", group.xlsform_download_view, name="xlsform"),
    path("groups/<int:pk>/field-capture/form.xml", group.xform_download_view, name="xform"),
    path("groups/<int:pk>/field-capture/import/", group.import_view, name="import"),
    path("field-capture/submissions/<int:pk>/", review.submission_view, name="submission_detail"),
    path("field-capture/submissions/<int:pk>/reject/", review.reject_view, name="submission_reject"),
    path("field-capture/submissions/<int:pk>/retry/", review.retry_view, name="submission_retry"),
    path("field-capture/photos/<int:pk>/", photos.photo_view, name="photo"),
]
