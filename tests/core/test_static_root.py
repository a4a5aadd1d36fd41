from django.conf import settings

from patron import settings as patron_settings


def test_the_static_root_is_made_inside_patron_home(tmp_path):
    # when: asked twice, as every process start does
    first = patron_settings._static_root(tmp_path / "home")
    again = patron_settings._static_root(tmp_path / "home")
    # then
    assert first == again == tmp_path / "home" / "static"
    assert first.is_dir()


def test_the_configured_static_root_exists():
    assert settings.STATIC_ROOT == patron_settings.PATRON_HOME / "static"
    assert settings.STATIC_ROOT.is_dir()
