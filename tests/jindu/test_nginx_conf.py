"""deploy/nginx.conf is a configuration nginx accepts, and it says what the README promises of it."""

import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

CONF = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"


def nginx():
    return shutil.which("nginx") or "/usr/sbin/nginx"


def test_nginx_accepts_the_shipped_configuration(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=jindu.example.cn"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = CONF.read_text()
    site = site.replace("/etc/ssl/jindu/fullchain.pem", str(cert)).replace("/etc/ssl/jindu/privkey.pem", str(key))
    (tmp_path / "jindu.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log off;\n    include {tmp_path}/jindu.conf;\n}}\n"
    )
    result = subprocess.run([nginx(), "-t", "-c", str(main)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_the_configuration_sets_what_the_app_relies_on():
    text = CONF.read_text()
    assert re.search(r"proxy_set_header\s+X-Forwarded-Proto\s+\$scheme", text)
    assert re.search(r"proxy_set_header\s+X-Forwarded-For", text)
    assert "X-Content-Type-Options" in text and "nosniff" in text
    assert "Content-Disposition" in text
    assert re.search(r"^\s*gzip on;", text, re.MULTILINE)
