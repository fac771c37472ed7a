#!/usr/bin/python3
"""Checks a running seedd's real answers against docs/openapi.yaml.

It starts nothing: give it the URL and a read+write token of a namespace (e.g. from <data-dir>/connection.json).
It calls every read endpoint, a create/cancel/delete cycle and one request per error class it can provoke from
outside, and validates each answer: its status must be documented for that operation (or its `default`), its
JSON body must match the documented schema (JSON Schema 2020-12, python3-jsonschema), every Server-Sent
Event's `data` must match the schema `x-seed-sse-events` names for it, and `X-Request-Id` must be present and
well-formed. Debian 12 packages only: python3-yaml, python3-jsonschema.

  tests/support/openapi_check.py --url http://127.0.0.1:8731 --token sdt_... --namespace local \
      [--read-token sdt_...] [--image localhost/seed-busybox:test] [--no-runner] [--contract-only] [--limits] [--slow]

--read-token: a read-only token for the namespace (adds the 403 check). --slow: also the 408 check (10 s).
--limits: only 503 and 429, against a seedd configured for them (see limits()).
--fixtures tests/fixtures/contract: no server; the contract's example bodies must match the document.
Exit status 0 when every answer matched, 1 otherwise (each mismatch is printed), 2 on a usage error.
"""

import argparse
import http.client
import json
import os
import re
import socket
import sys
import time
import urllib.parse

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SPEC = os.path.join(HERE, '..', '..', 'docs', 'openapi.yaml')


class Checker:
    def __init__(self, spec, url, token, ns):
        self.spec = spec
        self.url = urllib.parse.urlsplit(url)
        self.token = token
        self.ns = ns
        self.failures = []
        self.checked = 0
        self.statuses = {}  # status -> count, for the summary
        self.resolver = jsonschema.RefResolver('', spec)
        self.routes = []
        for template, item in spec['paths'].items():
            rx = '^' + re.sub(r'\\\{[^}]+\\\}', '[^/]+', re.escape(template)) + '$'
            self.routes.append((re.compile(rx), template, item))

    # ---- schema helpers
    def deref(self, obj):
        while isinstance(obj, dict) and '$ref' in obj:
            _, obj = self.resolver.resolve(obj['$ref'])
        return obj

    def validate(self, instance, schema, what):
        v = jsonschema.Draft202012Validator(schema, resolver=self.resolver)
        errors = sorted(v.iter_errors(instance), key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            where = '/'.join(str(p) for p in e.absolute_path) or '(root)'
            self.fail(f'{what}: at {where}: {e.message}')
        if isinstance(instance, (dict, list)):
            self.undocumented(instance, [schema], '', what)
        return not errors

    def schemas_of(self, schema):
        """The schema and every schema it is made of ($ref, allOf, anyOf, oneOf, then), flattened."""
        out, todo = [], [schema]
        while todo:
            sc = self.deref(todo.pop())
            if not isinstance(sc, dict):
                continue
            out.append(sc)
            for k in ('allOf', 'anyOf', 'oneOf'):
                todo.extend(sc.get(k, []))
            if 'then' in sc:
                todo.append(sc['then'])
        return out

    def undocumented(self, instance, schemas, where, label):
        """Reports keys of the answer that the document does not name: every key seedd sends, extensions
        included, must be described (the schemas themselves stay open for clients)."""
        parts = [s for sc in schemas for s in self.schemas_of(sc)]
        if isinstance(instance, dict):
            props = {}
            for sc in parts:
                for k, v in (sc.get('properties') or {}).items():
                    props.setdefault(k, []).append(v)
                if isinstance(sc.get('additionalProperties'), dict):
                    for k in instance:
                        props.setdefault(k, []).append(sc['additionalProperties'])
            for k, v in instance.items():
                if k not in props:
                    self.fail(f'{label}: key {where}/{k} is not in the document')
                else:
                    self.undocumented(v, props[k], f'{where}/{k}', label)
        elif isinstance(instance, list):
            items = [sc['items'] for sc in parts if isinstance(sc.get('items'), dict)]
            for i, v in enumerate(instance[:50]):
                self.undocumented(v, items, f'{where}/{i}', label)

    def fail(self, msg):
        self.failures.append(msg)
        print('  FAIL ' + msg)

    # ---- HTTP
    def conn(self, timeout=10):
        port = self.url.port or (443 if self.url.scheme == 'https' else 80)
        if self.url.scheme == 'https':
            return http.client.HTTPSConnection(self.url.hostname, port, timeout=timeout)
        return http.client.HTTPConnection(self.url.hostname, port, timeout=timeout)

    def request(self, method, path, query=None, body=None, token='default', headers=None, expect=None,
                sse_seconds=None, sse_until=None):
        """Sends one request and checks the answer against the document. expect: the statuses this call
        must get (a set), besides being documented. Returns (status, json body or SSE events, headers)."""
        if token == 'default':
            token = self.token
        target = path + ('?' + urllib.parse.urlencode(query) if query else '')
        hdrs = dict(headers or {})
        if token:
            hdrs['Authorization'] = token if ' ' in token else 'Bearer ' + token
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            hdrs['Content-Type'] = 'application/json'
        c = self.conn()
        c.request(method, target, body=data, headers=hdrs)
        r = c.getresponse()
        ctype = (r.getheader('Content-Type') or '').split(';')[0].strip()
        label = f'{method} {target} -> {r.status}'
        print(label)
        self.checked += 1
        self.statuses[r.status] = self.statuses.get(r.status, 0) + 1
        if ctype == 'text/event-stream':
            payload = self.read_sse(r, sse_seconds or 3, sse_until)
        else:
            raw = r.read()
            payload = raw
            if ctype == 'application/json':
                try:
                    payload = json.loads(raw)
                except ValueError as e:
                    self.fail(f'{label}: body is not JSON ({e})')
        c.close()
        if expect is not None and r.status not in expect:
            self.fail(f'{label}: expected {sorted(expect)}')
        self.check_answer(method, path, r, ctype, payload, label)
        return r.status, payload, r

    def read_sse(self, r, seconds, until):
        """Reads events for at most `seconds` (or until `until(event)` is true, or the stream ends)."""
        events = []
        deadline = time.monotonic() + seconds
        sock = r.fp.raw._sock if hasattr(r.fp, 'raw') else None
        cur = {'event': 'message', 'data': [], 'id': None}
        while time.monotonic() < deadline:
            if sock is not None:
                sock.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                line = r.fp.readline()
            except (socket.timeout, TimeoutError):
                break
            if not line:
                break
            line = line.decode('utf-8').rstrip('\r\n')
            if line == '':
                if cur['data']:
                    ev = {'event': cur['event'], 'id': cur['id'], 'data': '\n'.join(cur['data'])}
                    events.append(ev)
                    if until and until(ev):
                        break
                cur = {'event': 'message', 'data': [], 'id': None}
            elif line.startswith(':'):
                continue
            else:
                field, _, value = line.partition(':')
                value = value[1:] if value.startswith(' ') else value
                if field == 'data':
                    cur['data'].append(value)
                elif field in ('event', 'id'):
                    cur[field] = value
        return events

    # ---- the document's view of an answer
    def operation(self, method, path):
        for rx, template, item in self.routes:
            if rx.match(path):
                return template, item.get(method.lower())
        return None, None

    def check_answer(self, method, path, r, ctype, payload, label):
        rid = r.getheader('X-Request-Id')
        if not rid or not re.fullmatch(r'req_[0-9a-f]{12}', rid):
            self.fail(f'{label}: X-Request-Id missing or malformed: {rid!r}')
        template, op = self.operation(method, path)
        if op is None:
            # Not an operation of the document (unknown path, other method): only errors can be right, and
            # they are described by the `default` response every operation shares.
            if r.status < 400:
                self.fail(f'{label}: undocumented route answered {r.status}')
            response = self.deref(self.spec['components']['responses']['OtherError'])
        else:
            responses = op['responses']
            response = responses.get(str(r.status)) or responses.get('default')
            if response is None:
                self.fail(f'{label}: status {r.status} is not documented for {method} {template}')
                return
            if str(r.status) not in responses:
                if r.status < 400:
                    self.fail(f'{label}: success status {r.status} only matches `default`')
            response = self.deref(response)
        for name, h in (response.get('headers') or {}).items():
            h = self.deref(h)
            value = r.getheader(name)
            if value is None:
                if name in ('X-Request-Id', 'Location', 'WWW-Authenticate', 'Retry-After'):
                    self.fail(f'{label}: header {name} missing')
                continue
            schema = h.get('schema', {})
            inst = int(value) if schema.get('type') == 'integer' and value.isdigit() else value
            self.validate(inst, schema, f'{label}: header {name}')
        content = response.get('content')
        if not content:
            if r.status != 204 and payload:
                self.fail(f'{label}: a body where none is documented')
            if r.status == 204 and payload:
                self.fail(f'{label}: 204 with a body')
            return
        media = content.get(ctype)
        if media is None:
            self.fail(f'{label}: Content-Type {ctype!r} not documented (have {sorted(content)})')
            return
        if ctype == 'application/json':
            self.validate(payload, media['schema'], label)
        elif ctype == 'text/event-stream':
            kinds = media.get('x-seed-sse-events', {})
            for ev in payload:
                schema = kinds.get(ev['event'])
                if schema is None:
                    self.fail(f'{label}: SSE event {ev["event"]!r} not documented')
                    continue
                try:
                    data = json.loads(ev['data'])
                except ValueError:
                    self.fail(f'{label}: SSE event {ev["event"]!r} data is not JSON')
                    continue
                self.validate(data, schema, f'{label}: SSE event {ev["event"]!r}')
            print(f'  {len(payload)} SSE events: {sorted(set(e["event"] for e in payload))}')

    def raw_408(self):
        """A request not complete after 10 s must get 408 with the envelope."""
        port = self.url.port or 80
        s = socket.create_connection((self.url.hostname, port), timeout=15)
        s.sendall(f'GET /{self.ns}/jobs HTTP/1.1\r\nHost: x\r\n'.encode())
        buf = b''
        try:
            while b'\r\n\r\n' not in buf or len(buf) < buf.find(b'\r\n\r\n') + 4 + self._clen(buf):
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
        except socket.timeout:
            pass
        s.close()
        head, _, body = buf.partition(b'\r\n\r\n')
        status = int(head.split(b' ')[1]) if head else 0
        label = f'(incomplete request) -> {status}'
        print(label)
        self.checked += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status != 408:
            self.fail(f'{label}: expected 408')
            return
        self.validate(json.loads(body), self.deref(self.spec['components']['responses']['OtherError'])
                      ['content']['application/json']['schema'], label)

    @staticmethod
    def _clen(buf):
        m = re.search(rb'(?i)content-length:\s*(\d+)', buf)
        return int(m.group(1)) if m else 0


FIXTURES = {  # tests/fixtures/contract/<file>: (operationId, status or 'request')
    'list_response.json': ('listJobs', '200'),
    'get_response.json': ('getJob', '200'),
    'logs_response.json': ('getJobLogs', '200'),
    'analytics_response.json': ('getJobAnalytics', '200'),
    'create_request.json': ('createJob', 'request'),
    'create_apikey_request.json': ('createJob', 'request'),
    'create_response.json': ('createJob', '201'),
    'cancel_response.json': ('cancelJob', '200'),
    'error_response.json': ('createJob', '400'),
}


def fixtures(ck, directory):
    """The contract's own examples (tests/fixtures/contract) must match the document, key for key."""
    ops = {op['operationId']: op for item in ck.spec['paths'].values() for op in item.values()
           if isinstance(op, dict) and 'operationId' in op}
    names = sorted(f for f in os.listdir(directory) if f.endswith('.json'))
    for f in names:
        if f not in FIXTURES:
            ck.fail(f'fixture {f}: no operation known for it (add it to FIXTURES)')
            continue
        opid, what = FIXTURES[f]
        op = ops[opid]
        holder = op['requestBody'] if what == 'request' else ck.deref(op['responses'][what])
        with open(os.path.join(directory, f)) as fh:
            instance = json.load(fh)
        ck.checked += 1
        print(f'fixture {f} as {opid} {what}')
        ck.validate(instance, holder['content']['application/json']['schema'], f'fixture {f}')


def limits(ck):
    """For a seedd started with {"connections": {"max": 1}, "rate_limit": {"per_second": 1, "burst": 3}}:
    503 while an open stream holds the only connection, then 429 once the burst is spent."""
    ns = ck.ns
    held = ck.conn()
    held.request('GET', f'/{ns}/events', headers={'Authorization': 'Bearer ' + ck.token})
    r = held.getresponse()
    if r.status != 200:
        ck.fail(f'GET /{ns}/events (held) -> {r.status}: expected 200')
    ck.request('GET', f'/{ns}/jobs', expect={503})
    r.close()
    held.close()
    time.sleep(3.5)  # the bucket refills (1/s, burst 3) so that 429 is a result of the loop below alone
    for _ in range(20):
        st, _, _ = ck.request('GET', f'/{ns}/jobs', expect={200, 429, 503})
        if st == 429:
            break
    else:
        ck.fail('no 429 after 20 requests')


def run(ck, args):
    if args.limits:
        limits(ck)
        return
    ns = ck.ns
    name = f'openapi-check-{os.getpid()}-{int(time.time())}'
    wns = f'/auth/v1/seed/{ns}'
    spec = {'name': name, 'command': args.command, 'image': args.image, 'gpu': args.gpu, 'cpu': 2,
            'memory_gb': 1, 'output_path': '/workspace/out', 'env': {'A': 'b'}}

    # Reads that need no job.
    ck.request('GET', f'/{ns}/jobs', expect={200})
    ck.request('GET', f'/{ns}/jobs', {'status': 'queued', 'sort': 'name', 'order': 'asc', 'per_page': 2,
                                      'page': 1}, expect={200})
    ck.request('GET', f'/{ns}/jobs', {'page': 9999}, expect={200})
    # Extension routes: 404 where switched off ("contract_only") or absent (no local runner, older seedd).
    ext = {404} if args.contract_only else {200, 404}
    for route in ('machine', 'machine/view', 'images'):
        ck.request('GET', f'/{ns}/{route}', expect=ext)
    ck.request('GET', f'/{ns}/events', expect=ext, sse_until=lambda e: e['event'] == 'ready')

    # The create / read / cancel / delete cycle.
    st, created, _ = ck.request('POST', f'{wns}/jobs', body=spec, expect={201})
    if st != 201:
        return
    ck.request('POST', f'{wns}/jobs', body=spec, expect={409})  # the name is taken
    job = f'/{ns}/job/{name}'
    if not args.no_runner:
        # Wait (on the job's state, at most 30 s) until it has left the queue, and while it runs until it has
        # been sampled, so that the answers below carry the keys of a running, measured job.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            st, body, _ = ck.request('GET', job, expect={200})
            if not isinstance(body, dict) or body.get('status') != 'queued':
                break
            time.sleep(0.5)
        while isinstance(body, dict) and body.get('status') == 'running' and time.monotonic() < deadline:
            _, an, _ = ck.request('GET', f'{job}/analytics', expect={200})
            if isinstance(an, dict) and 'sampled_at' in an:
                break
            time.sleep(0.5)
    ck.request('GET', job, expect={200})
    ck.request('GET', f'{job}/logs', expect={200})
    ck.request('GET', f'{job}/logs', {'tail': 5, 'since': '2020-01-01T00:00:00Z'}, expect={200})
    ck.request('GET', f'{job}/analytics', expect={200})
    ck.request('GET', f'{job}/analytics/series', expect=ext)
    ck.request('GET', f'{job}/artifacts', expect={200, 404})
    ck.request('GET', f'/{ns}/jobs', expect={200})
    # A new stream of a job that is not running is 409; of a running one 200 (which one depends on the runner).
    ck.request('GET', f'{job}/logs', {'stream': 'true'}, expect={200, 409}, sse_seconds=2)
    ck.request('POST', f'{wns}/jobs/{name}/cancel', expect={200, 409})
    ck.request('GET', job, expect={200})  # while stopping: `stopping`, `force_stop_at`
    ck.request('GET', f'/{ns}/jobs', expect={200})
    ck.request('POST', f'{wns}/jobs/{name}/cancel', {'force': 'true'}, expect={200, 409})
    ck.request('POST', f'{wns}/jobs/{name}/cancel', expect={409})  # already ended
    # Resuming works in any state and ends with `end` once the job is finished.
    ck.request('GET', f'{job}/logs', {'stream': 'true'}, headers={'Last-Event-ID': '0'},
               expect={409} if args.no_runner else {200},
               sse_seconds=40, sse_until=lambda e: e['event'] == 'end')
    ck.request('GET', f'/{ns}/events', headers={'Last-Event-ID': '0'}, expect=ext, sse_seconds=2)
    ck.request('GET', job, expect={200})
    # Delete (409 while its container is still stopping: wait until it has stopped).
    deadline = time.monotonic() + 60
    while True:
        st, _, _ = ck.request('DELETE', f'{wns}/jobs/{name}', {'delete_artifacts': 'true'}, expect={204, 409})
        if st != 409 or time.monotonic() > deadline:
            break
        time.sleep(1)
    ck.request('GET', job, expect={404})
    ck.request('DELETE', f'{wns}/jobs/{name}', expect={404})

    # One request per error class that can be provoked from outside.
    ck.request('GET', f'/{ns}/jobs', {'per_page': 0}, expect={400})
    ck.request('GET', f'/{ns}/jobs', {'status': 'sleeping'}, expect={400})
    ck.request('GET', '/bad.namespace/jobs', expect={400})
    ck.request('POST', f'{wns}/jobs', body={'name': name, 'command': 'true', 'gpu': 'none'}, expect={400})
    ck.request('POST', f'{wns}/jobs', body='not json', expect={400})
    ck.request('GET', f'/{ns}/job/{name}/logs', {'since': '2026-03-18'}, expect={400, 404})
    ck.request('POST', f'{wns}/jobs', body=dict(spec, gpu='L4', cpu=96), expect={422})
    ck.request('GET', f'/{ns}/jobs', token=None, expect={401})
    ck.request('GET', f'/{ns}/jobs', token='sdt_000000000000_' + '0' * 48, expect={401})
    ck.request('GET', f'/{ns}/jobs', token='API-Key nobody$sk_' + '0' * 40, expect={401})
    if args.read_token:
        ck.request('POST', f'{wns}/jobs', body=spec, token=args.read_token, expect={403})
    ck.request('GET', f'/{ns}/job/no-such-job', expect={404})
    ck.request('GET', f'/{ns}/no/such/route', expect={404})
    ck.request('PUT', f'/{ns}/jobs', expect={405})
    if args.slow:
        ck.raw_408()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--url')
    ap.add_argument('--token', help='read+write bearer token (or "API-Key NAME$SECRET")')
    ap.add_argument('--namespace')
    ap.add_argument('--fixtures', metavar='DIR',
                    help='instead of a server: check the contract examples in DIR (tests/fixtures/contract)')
    ap.add_argument('--read-token', help='a read-only token for the namespace (adds the 403 check)')
    ap.add_argument('--image', default='localhost/seed-busybox:test')
    ap.add_argument('--command', default='echo start; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; '
                    'do echo "SEED_PROGRESS $i/20 step $i"; sleep 1; done',
                    help='the test job\'s command (e.g. one that runs a while, to see a running job)')
    ap.add_argument('--gpu', default='none', help='the test job\'s gpu (e.g. a simulated A100-80GB)')
    ap.add_argument('--spec', default=DEFAULT_SPEC)
    ap.add_argument('--no-runner', action='store_true',
                    help='seedd runs with --runner none (no log store: every log stream is refused with 409)')
    ap.add_argument('--contract-only', action='store_true',
                    help='seedd runs with "contract_only": every extension route must answer 404')
    ap.add_argument('--limits', action='store_true',
                    help='only the 503 and 429 checks, for a seedd with {"connections": {"max": 1}, '
                         '"rate_limit": {"per_second": 1, "burst": 3}}')
    ap.add_argument('--slow', action='store_true', help='also check 408 (takes 10 s)')
    args = ap.parse_args()
    if not args.fixtures and not (args.url and args.token and args.namespace):
        ap.error('--url, --token and --namespace are needed (or --fixtures DIR)')
    with open(args.spec) as f:
        spec = yaml.safe_load(f)
    ck = Checker(spec, (args.url or 'http://127.0.0.1').rstrip('/'), args.token, args.namespace)
    if args.fixtures:
        fixtures(ck, args.fixtures)
    else:
        run(ck, args)
    print(f'\n{ck.checked} answers checked, statuses {dict(sorted(ck.statuses.items()))}, '
          f'{len(ck.failures)} mismatches')
    return 1 if ck.failures else 0


if __name__ == '__main__':
    sys.exit(main())
