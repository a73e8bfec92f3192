#!/usr/bin/env python3
"""A real SMTP server on loopback for leadgate's mail tests (Debian's aiosmtpd).

Each message it accepts is parsed back with Python's email package and
written to FOLDER as NNNN.json: the envelope, the login used (if any), the
headers, the text and HTML parts decoded, and the links (href) of the HTML
part as an HTML parser finds them. It picks a free port on 127.0.0.1 and
writes it to FOLDER/port once it accepts connections. With --user and
--password it requires that login (AUTH PLAIN or LOGIN, without TLS:
loopback only).

usage: smtp_sink.py FOLDER [--user USER --password PASSWORD]
"""
import argparse
import email
import email.policy
import json
import logging
import os
import signal
import socket
import sys
import time
import warnings
from html.parser import HTMLParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href")


def parse(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = {}
    for part in message.walk():
        if part.get_content_maintype() == "multipart":
            continue
        parts.setdefault(part.get_content_type(), []).append(part.get_content())
    links = Links()
    for html in parts.get("text/html", []):
        links.feed(html)
    return {
        "headers": {name: str(value) for name, value in message.items()},
        "content_type": message.get_content_type(),
        "text": parts.get("text/plain", []),
        "html": parts.get("text/html", []),
        "links": links.links,
    }


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else None
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "login": login,
            "raw": envelope.original_content.decode("utf-8", "replace"),
            **parse(envelope.original_content),
        }
        path = os.path.join(self.folder, "%04d.json" % self.count)
        with open(path + ".tmp", "w") as out:
            json.dump(record, out)
        os.rename(path + ".tmp", path)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    warnings.filterwarnings("ignore")  # AUTH without TLS: this is loopback, on purpose
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    options = {}
    if args.user:
        def authenticate(server, session, envelope, mechanism, data):
            good = isinstance(data, LoginPassword) and data.login.decode() == args.user and \
                data.password.decode() == args.password
            return AuthResult(success=good, auth_data=data.login if good else None)
        options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": False}
    for attempt in range(20):
        port = free_port()
        controller = Controller(Sink(args.folder), hostname="127.0.0.1", port=port, server_kwargs=options)
        try:
            controller.start()
            break
        except Exception:  # taken meanwhile: another port
            time.sleep(0.05)
    else:
        sys.exit("smtp_sink: no free port")
    with open(os.path.join(args.folder, "port.tmp"), "w") as out:
        out.write(str(port))
    os.rename(os.path.join(args.folder, "port.tmp"), os.path.join(args.folder, "port"))
    try:
        signal.pause()  # until SIGINT; no timed sleep (libfaketime breaks long ones)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
