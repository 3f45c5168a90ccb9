#!/usr/bin/env python3
"""A stand-in for Kolada's API v3 on the loopback address, for tests/kolada.sh.

    server.py PORTFILE [LIFETIME_SECONDS]

Listens on 127.0.0.1 at a free port, writes the port to PORTFILE and
answers until it is killed or LIFETIME_SECONDS (default 120) have passed,
whichever comes first: a test that forgets it cannot leave it running.

The answers have the shape of Kolada's API v3 ({"count": N, "values": [...],
"next_page": URL}; a data entry per KPI, municipality and year with its
values by gender, value null with a status where Kolada has none). The
figures are test data made up here, not Kolada's. The first part of the
path chooses what the server does, so that one server serves every case:

    /ok/v3/...       good answers; the data come in pages of 4 entries
    /gone/v3/...     410 Gone, as the closed API v2 answers
    /fel/v3/...      500 Internal Server Error
    /seg/v3/...      an answer that comes after 4 seconds
    /trasig/v3/...   JSON cut off in the middle
    /stor/v3/...     an answer of 40 MiB, sent without Content-Length
    /form/v3/...     JSON of another shape (a period that is a string)
    /utanfor/v3/...  a next_page that leads to another host
    /djup/v3/...     JSON nested 100 000 levels deep
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

KPIS = {
    "N00001": {"title": "Testnyckeltal ett, andel (%)",
               "description": "Testdata för tests/kolada.sh."},
    "N00002": {"title": "Testnyckeltal två, kr/inv",
               "description": "Testdata för tests/kolada.sh."},
}
AREAS = {
    "0117": {"title": "Testkommun", "type": "K"},
    "0000": {"title": "Riket", "type": "L"},
}


def value(kpi, area, year):
    """The made-up figure of one KPI, area and year (None: none)."""
    if kpi == "N00001" and area == "0117" and year == 2021:
        return None
    base = 40.0 if kpi == "N00001" else 1200.0
    return round(base + (year - 2018) * 1.5 + (3.25 if area == "0117" else 0), 2)


def entries(kpis, areas, years):
    out = []
    for k in kpis:
        for a in areas:
            for y in years:
                if k not in KPIS or a not in AREAS:
                    continue
                v = value(k, a, y)
                vals = [{"count": 1, "gender": "T", "status": "Missing" if v is None else "",
                         "value": v}]
                if k == "N00001" and v is not None:
                    vals.append({"count": 1, "gender": "K", "status": "", "value": v + 2})
                    vals.append({"count": 1, "gender": "M", "status": "", "value": v - 2})
                out.append({"kpi": k, "municipality": a, "period": y, "values": vals})
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body, length=True):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        if length:
            self.send_header("Content-Length", str(len(data)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        mode = parts[0] if parts else ""
        rest = parts[2:] if len(parts) > 1 and parts[1] == "v3" else []
        base = f"http://127.0.0.1:{self.server.server_port}/{mode}/v3"
        try:
            if mode == "gone":
                return self.send(410, '{"error": "API v2 is closed"}')
            if mode == "fel":
                return self.send(500, "Internal Server Error")
            if mode == "seg":
                time.sleep(4)
            if mode == "trasig":
                return self.send(200, '{"count": 2, "values": [{"id": "N00001", "tit')
            if mode == "djup":
                return self.send(200, "[" * 100000 + "]" * 100000)
            if mode == "stor":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b" " * (1 << 20)
                self.wfile.write(b'{"values": [')
                for _ in range(40):
                    self.wfile.write(chunk)
                self.wfile.write(b"]}")
                return
            if rest[:1] == ["kpi"]:
                ids = rest[1].split(",")
                vals = [dict(id=i, **KPIS[i]) for i in ids if i in KPIS]
                return self.send(200, json.dumps({"count": len(vals), "values": vals}))
            if rest[:1] == ["municipality"]:
                ids = rest[1].split(",")
                vals = [dict(id=i, **AREAS[i]) for i in ids if i in AREAS]
                return self.send(200, json.dumps({"count": len(vals), "values": vals}))
            if rest[:2] == ["data", "kpi"] and rest[3] == "municipality" and rest[5] == "year":
                all_ = entries(rest[2].split(","), rest[4].split(","),
                               [int(y) for y in rest[6].split(",")])
                if mode == "form":
                    all_[0]["period"] = str(all_[0]["period"])
                page = int(parse_qs(url.query).get("page", ["1"])[0])
                per = 4
                body = {"count": len(all_), "values": all_[(page - 1) * per:page * per]}
                if page * per < len(all_):
                    nxt = f"{base}/{'/'.join(rest)}?page={page + 1}&per_page={per}"
                    if mode == "utanfor":
                        nxt = "http://example.invalid/v3/data?page=2"
                    body["next_page"] = nxt
                return self.send(200, json.dumps(body))
            return self.send(404, '{"error": "not found"}')
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    lifetime = float(sys.argv[2]) if len(sys.argv) > 2 else 120
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Timer(lifetime, server.shutdown).start()
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_port))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()
    os._exit(0)


if __name__ == "__main__":
    main()
