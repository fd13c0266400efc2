#!/usr/bin/env python3
"""A real SMTP server on loopback for voc's mail test (aiosmtpd), and a parser of what arrived.

    python3 tests/smtp_sink.py serve PORT OUTDIR COUNT [--user U --password P]
        serve SMTP on 127.0.0.1:PORT; print "ready" when listening; write each message as
        OUTDIR/<n>.eml (+ <n>.json with the envelope); exit after COUNT messages or 60 s
    python3 tests/smtp_sink.py parse FILE.eml
        print the message as JSON: headers, MIME tree, cid references and the image parts
"""

import json
import os
import struct
import sys
import time
import zlib
from email import policy
from email.parser import BytesParser


def serve(port, outdir, count):
    from aiosmtpd.controller import Controller

    os.makedirs(outdir, exist_ok=True)
    got = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            n = len(got) + 1
            with open(os.path.join(outdir, f"{n}.eml"), "wb") as f:
                f.write(envelope.original_content or envelope.content)
            with open(os.path.join(outdir, f"{n}.json"), "w") as f:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
            got.append(n)
            return "250 Message accepted for delivery"

    c = Controller(Handler(), hostname="127.0.0.1", port=port)
    c.start()
    print("ready", flush=True)
    deadline = time.time() + 60
    while len(got) < count and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    c.stop()
    sys.exit(0 if len(got) >= count else 1)


def png_size(data):
    """Decode a PNG fully enough to trust it: signature, IHDR, IDAT inflates, IEND."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, w, h, idat, ended = 8, None, None, b"", False
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            return None
        if kind == b"IHDR":
            w, h = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            ended = True
        pos += 12 + length
    raw = zlib.decompress(idat)
    return [w, h] if ended and w and len(raw) > 0 else None


def parse(path):
    msg = BytesParser(policy=policy.default).parse(open(path, "rb"))

    def tree(part):
        if part.is_multipart():
            return {"type": part.get_content_type(), "parts": [tree(p) for p in part.iter_parts()]}
        return {"type": part.get_content_type()}

    html, text, images, attachments = None, None, {}, []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        cid = part.get("Content-ID")
        disp = part.get_content_disposition()
        if ctype == "text/html" and disp != "attachment":
            html = part.get_content()
        elif ctype == "text/plain":
            text = part.get_content()
        elif ctype.startswith("image/"):
            images[(cid or "").strip("<>")] = {"type": ctype, "size": png_size(part.get_content()), "disposition": disp}
        if disp == "attachment":
            attachments.append({"filename": part.get_filename(), "type": ctype, "bytes": len(part.get_content())})
    import re
    cids = re.findall(r'src="cid:([^"]+)"', html or "")
    print(json.dumps({
        "subject": msg["Subject"],
        "message_id": msg["Message-ID"],
        "date": msg["Date"],
        "from": msg["From"],
        "to": [a.strip() for a in str(msg["To"]).split(",")],
        "tree": tree(msg),
        "cids": cids,
        "images": images,
        "attachments": attachments,
        "text": text,
        "html_has_korean": bool(html and re.search("[가-힣]", html)),
    }, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    else:
        parse(sys.argv[2])
