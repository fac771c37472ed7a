#!/usr/bin/env python3
"""A Seed Jobs API server made from docs/openapi.yaml alone: "any conforming server", not seedd.

It serves the document's *contract* operations (every operation without `x-seed-extension`) and nothing
else. Answers are random but schema-valid: each is generated from the operation's response schema with a
seeded RNG (optional properties at random, extension properties never), then the fields a client reasons
about are set from a small state machine, so that create -> get -> logs -> cancel -> delete is coherent.
Every answer is validated against its schema (python3-jsonschema) before it is sent; a mismatch is a 500
and a line on stderr, so a mock bug can never pass for client behaviour.

How it differs from seedd on purpose (the choices the contract leaves open):
  - its own prices: cost_per_hour from its own table, total_cost = 80 % of cost_per_hour x runtime,
    rounded up to the cent (never what a client computes from cost_per_hour and runtime_seconds);
  - log lines without `id` (unless --log-ids), no `event: end`: a stream just closes when its job ends;
  - stream=true on a job that is not running: 409 (the contract: "Only available for running jobs");
  - errors in the contract's envelope only (no `field`), X-Request-Id on every answer.

Jobs and time: a created job is queued for 0.3 s, then runs for MOCK_RUN_SECONDS (an `env` entry of the
create body; default --run-seconds), writing one log line every 0.2 s, then succeeds (failed when its
command contains "exit 1"). Seeded jobs: done-1 (succeeded, 12 lines, artifacts), failed-1, queued-1 (stays
queued), and --extra random ones. Jobs named http-429 / http-500 answer that status to every request.

Auth: `Authorization: Bearer <--token>` or `API-Key <--api-key>` (read and write), `Bearer <--read-token>`
(reads only: writes are 403); anything else 401. Only --namespace is served to them: another is 403.

Artifacts: a succeeded job with output_path has `artifacts.download_url` = <this server>/files/<id>.tar
(an uncompressed tar). --hostile-artifacts puts names like ../x, /etc/passwd, a symlink out, names with a
newline and a NUL among two ordinary files.

  openapi_mock.py [--spec docs/openapi.yaml] [--seed N] [--log-ids] [--request-log FILE] ...
Prints the port on stdout once it listens on 127.0.0.1.
"""

import argparse
import hashlib
import io
import json
import math
import os
import random
import re
import sys
import tarfile
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

try:
    import re._parser as sre_parse  # Python >= 3.11
    from re import _constants as sre_c
except ImportError:  # pragma: no cover
    import sre_parse
    import sre_constants as sre_c

import warnings

import jsonschema
import yaml

warnings.simplefilter('ignore', DeprecationWarning)  # jsonschema.RefResolver: Debian 12's jsonschema has nothing else

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SPEC = os.path.join(HERE, '..', '..', 'docs', 'openapi.yaml')

# The mock's own price list (cents per GPU-hour, per CPU-hour), unlike seedd's.
GPU_CENTS = {'A100-40GB': 233, 'A100-80GB': 377, 'H100-80GB': 611, 'L4': 97, 'T4': 41, 'none': 0}
CPU_CENTS = 3
DISCOUNT = 0.8
LINE_EVERY = 0.2
QUEUED_FOR = 0.3


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def money(cents):
    return '%d.%02d' % (cents // 100, cents % 100)


class Generator:
    """Random instances of a JSON Schema (the subset the document uses), contract properties only."""

    def __init__(self, spec, rng):
        self.spec = spec
        self.rng = rng

    def deref(self, s):
        while isinstance(s, dict) and '$ref' in s:
            node = self.spec
            for part in s['$ref'].lstrip('#/').split('/'):
                node = node[part]
            s = node
        return s

    def regex(self, pattern):
        return ''.join(self._re(sre_parse.parse(pattern)))

    def _re(self, tree):
        out = []
        for op, av in tree:
            if op == sre_c.LITERAL:
                out.append(chr(av))
            elif op == sre_c.IN:
                chars = []
                for iop, iav in av:
                    if iop == sre_c.LITERAL:
                        chars.append(chr(iav))
                    elif iop == sre_c.RANGE:
                        chars.extend(chr(c) for c in range(iav[0], iav[1] + 1))
                    elif iop == sre_c.CATEGORY:
                        chars.extend('0123456789' if iav == sre_c.CATEGORY_DIGIT else 'abcxyz')
                out.append(self.rng.choice(chars))
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
                lo, hi, sub = av
                hi = min(hi, lo + 8)
                for _ in range(self.rng.randint(lo, hi)):
                    out.extend(self._re(sub))
            elif op == sre_c.SUBPATTERN:
                out.extend(self._re(av[-1]))
            elif op == sre_c.BRANCH:
                out.extend(self._re(self.rng.choice(av[1])))
            elif op == sre_c.ANY:
                out.append(self.rng.choice('abcdef'))
            # AT (anchors) produce nothing
        return out

    def gen(self, schema, depth=0):
        s = self.deref(schema)
        if 'allOf' in s:
            out = {}
            for part in s['allOf']:
                out.update(self.gen(part, depth))
            return out
        if 'oneOf' in s or 'anyOf' in s:
            return self.gen(self.rng.choice(s.get('oneOf') or s.get('anyOf')), depth)
        if 'const' in s:
            return s['const']
        if 'enum' in s:
            return self.rng.choice(s['enum'])
        t = s.get('type', 'object')
        if isinstance(t, list):
            t = self.rng.choice(t)
        if t == 'null':
            return None
        if t == 'boolean':
            return self.rng.random() < 0.5
        if t == 'integer':
            lo = s.get('minimum', 0)
            hi = s.get('maximum', lo + 100000)
            return self.rng.randint(lo, hi)
        if t == 'number':
            lo = s.get('minimum', 0)
            hi = s.get('maximum', lo + 1000)
            return round(self.rng.uniform(lo, hi), 3)
        if t == 'string':
            if 'pattern' in s:
                return self.regex(s['pattern'])
            if s.get('format') == 'date-time':
                return iso(1.7e9 + self.rng.randint(0, 10 ** 8))
            n = self.rng.randint(s.get('minLength', 1), max(s.get('minLength', 1), 16))
            return ''.join(self.rng.choice('abcdefghij klmnop-_/.') for _ in range(n))
        if t == 'array':
            return [self.gen(s.get('items', {}), depth + 1) for _ in range(self.rng.randint(0, 3 if depth < 3 else 0))]
        if t == 'object':
            out = {}
            required = set(s.get('required', []))
            for key, sub in (s.get('properties') or {}).items():
                if self.deref(sub).get('x-seed-extension') or (isinstance(sub, dict) and sub.get('x-seed-extension')):
                    continue
                if key in required or self.rng.random() < 0.5:
                    out[key] = self.gen(sub, depth + 1)
            return out
        return None


class Mock:
    def __init__(self, args):
        with open(args.spec) as f:
            self.spec = yaml.safe_load(f)
        self.args = args
        self.rng = random.Random(args.seed)
        self.gen = Generator(self.spec, self.rng)
        self.lock = threading.Condition()
        self.jobs = {}  # name -> job state
        self.order = 0
        self.request_log = open(args.request_log, 'a', buffering=1) if args.request_log else None
        self.routes = []
        for template, item in self.spec['paths'].items():
            for method, op in item.items():
                if not isinstance(op, dict) or 'responses' not in op or op.get('x-seed-extension'):
                    continue
                params = [self.gen.deref(p) for p in item.get('parameters', []) + op.get('parameters', [])]
                rx = '^' + re.sub(r'\\\{([^}]+)\\\}', r'(?P<\1>[^/]+)', re.escape(template)) + '$'
                self.routes.append((method.upper(), re.compile(rx), op, params))
        now = time.time()
        self.seed_job('done-1', {'status': 'succeeded', 'lines': 12, 'runtime': 21600, 'exit_code': 0,
                                 'output_path': '/workspace/output'}, now - 30000)
        self.seed_job('failed-1', {'status': 'failed', 'lines': 3, 'runtime': 125, 'exit_code': 1}, now - 20000)
        self.seed_job('queued-1', {'status': 'queued', 'lines': 0, 'runtime': 0, 'exit_code': None}, now - 100)
        for i in range(args.extra):
            self.seed_job('random-%d' % (i + 1), {'status': self.rng.choice(['succeeded', 'failed', 'cancelled',
                                                                                'timed_out']),
                                                   'lines': self.rng.randint(0, 5),
                                                   'runtime': self.rng.randint(0, 99999),
                                                   'exit_code': self.rng.randint(0, 3)}, now - 50000 + i)

    # ---- the state machine
    def new_job(self, body, created):
        self.order += 1
        spec = self.gen.deref(self.spec['components']['schemas']['JobCreate'])
        j = {'body': dict(body), 'id': 'job_' + hashlib.sha256(('%s%d' % (body['name'], self.order)).encode())
             .hexdigest()[:12], 'created': created, 'order': self.order, 'lines': [], 'cancelled_at': None,
             }
        for key, sub in spec['properties'].items():
            if key not in j['body'] and 'default' in self.gen.deref(sub):
                j['body'][key] = self.gen.deref(sub)['default']
        j['body'].setdefault('region', 'us-east-1')
        gpus = 0 if body['gpu'] == 'none' else j['body']['gpu_count']
        j['cph'] = gpus * GPU_CENTS[body['gpu']] + j['body']['cpu'] * CPU_CENTS
        return j

    def seed_job(self, name, st, created):
        j = self.new_job({'name': name, 'command': 'python train.py --epochs 3', 'image': 'ghcr.io/acme/train:v1',
                          'gpu': 'A100-80GB', 'gpu_count': 4, 'cpu': 64, 'memory_gb': 256,
                          'output_path': st.get('output_path')}, created)
        if j['body']['output_path'] is None:
            del j['body']['output_path']
        j['fixed'] = st
        j['lines'] = [(created + 60 + i, '%s line %d' % (name, i + 1)) for i in range(st['lines'])]
        self.jobs[name] = j

    def run_seconds(self, j):
        try:
            return float(j['body'].get('env', {}).get('MOCK_RUN_SECONDS', self.args.run_seconds))
        except ValueError:
            return self.args.run_seconds

    def advance(self, j, now):
        """Status, started, completed, runtime of job j at time now (and its log lines so far)."""
        if 'fixed' in j:
            st = j['fixed']
            started = None if st['status'] == 'queued' else j['created'] + 60
            ended = st['status'] not in ('queued', 'running')
            return st['status'], started, (started + st['runtime'] if ended else None), st['runtime'], st['exit_code']
        start = j['created'] + QUEUED_FOR
        end = start + self.run_seconds(j)
        if j['cancelled_at'] is not None and j['cancelled_at'] < end:
            end = j['cancelled_at']
            status = 'cancelled'
        else:
            status = 'failed' if 'exit 1' in j['body']['command'] else 'succeeded'
        if j['cancelled_at'] is not None and j['cancelled_at'] < start:
            return 'cancelled', None, j['cancelled_at'], 0, None
        if now < start:
            return 'queued', None, None, 0, None
        upto = min(now, end)
        n = int((upto - start) / LINE_EVERY)
        while len(j['lines']) < n:
            i = len(j['lines'])
            j['lines'].append((start + (i + 1) * LINE_EVERY, '%s step %d/%d' % (
                j['body']['name'], i + 1, int(self.run_seconds(j) / LINE_EVERY))))
        if now < end:
            return 'running', start, None, int(now - start), None
        return status, start, end, int(end - start), (None if status == 'cancelled' else 1 if status == 'failed' else 0)

    def total_cents(self, j, runtime):
        return math.ceil(j['cph'] * runtime / 3600 * DISCOUNT)

    def job_object(self, j, schema_name, now):
        """A generated object of schema_name with the job's state on top."""
        status, started, completed, runtime, exit_code = self.advance(j, now)
        # The random parts of a job stay the same from one answer to the next (commit_sha, progress, ...):
        # each job has its own RNG per schema, seeded by --seed and the job's id.
        gen = Generator(self.spec, random.Random('%d/%s/%s' % (self.args.seed, j['id'], schema_name)))
        o = gen.gen({'$ref': '#/components/schemas/' + schema_name})
        b = j['body']
        state = {'id': j['id'], 'name': b['name'], 'namespace': self.args.namespace, 'status': status,
                 'command': b['command'], 'repo': b.get('repo'), 'branch': b.get('branch') if b.get('repo') else None,
                 'gpu': b['gpu'], 'gpu_count': b['gpu_count'], 'cpu': b['cpu'], 'memory_gb': b['memory_gb'],
                 'disk_gb': b['disk_gb'], 'region': b['region'], 'timeout_minutes': b['timeout_minutes'],
                 'retries': b['retries'], 'retry_count': 0, 'output_path': b.get('output_path'),
                 'cost_per_hour': money(j['cph']), 'runtime_seconds': runtime,
                 'created_at': iso(j['created']), 'started_at': iso(started) if started else None,
                 'completed_at': iso(completed) if completed else None, 'exit_code': exit_code,
                 'total_cost': money(self.total_cents(j, runtime)),
                 'progress': ('step %d' % len(j['lines'])) if status == 'running' else o.get('progress')}
        if status == 'succeeded' and b.get('output_path'):
            state['artifacts'] = {'path': b['output_path'], 'size_bytes': len(self.artifacts_tar(j)),
                                  'files': 2, 'download_url': '%s/files/%s.tar' % (self.base_url, j['id'])}
        else:
            state['artifacts'] = None
        if status == 'cancelled':
            state['message'] = 'Job cancellation initiated. Running processes will be terminated.'
        for k, v in state.items():
            if k in o or k in self.required(schema_name):
                o[k] = v
        # Whatever the create body had that this server keeps (additive keys such as spot/nodes): echoed.
        for k in ('spot', 'nodes'):
            if k in b:
                o[k] = b[k]
        if 'spot' in b or 'nodes' in b:
            o['preemptions'] = 0
        return o

    def required(self, schema_name):
        s = self.gen.deref({'$ref': '#/components/schemas/' + schema_name})
        req = set(s.get('required', []))
        for part in s.get('allOf', []):
            req |= set(self.gen.deref(part).get('required', []))
        return req

    def artifacts_tar(self, j):
        if 'tar' in j:
            return j['tar']
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode='w', format=tarfile.PAX_FORMAT) as t:
            def add(name, data, kind=tarfile.REGTYPE, link=''):
                info = tarfile.TarInfo(name)
                info.size = len(data) if kind == tarfile.REGTYPE else 0
                info.type = kind
                info.linkname = link
                info.mtime = 1700000000
                if any(c in name for c in '\n\x00'):
                    info.pax_headers = {'path': name}  # a ustar name field would end at the NUL
                t.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
            root = os.path.basename(j['body']['output_path'].rstrip('/')) or 'output'
            add(root + '/model.bin', b'weights of ' + j['body']['name'].encode())
            add(root + '/logs/metrics.json', b'{"loss": 0.0285}\n')
            if self.args.hostile_artifacts:
                add('../escape.txt', b'escaped')
                add('/tmp/seed-mock-absolute.txt', b'absolute')
                add(root + '/../../escape2.txt', b'escaped')
                add(root + '/link', b'', tarfile.SYMTYPE, '/etc')
                add(root + '/link/passwd', b'through the link')
                add(root + '/hard', b'', tarfile.LNKTYPE, '/etc/passwd')
                add(root + '/new\nline.txt', b'newline')
                add(root + '/nul\x00.txt', b'nul')
        j['tar'] = buf.getvalue()
        return j['tar']

    # ---- validation of what goes out
    def check(self, instance, schema, what, quiet=False):
        resolver = jsonschema.RefResolver('', self.spec)
        errors = list(jsonschema.Draft202012Validator(schema, resolver=resolver).iter_errors(instance))
        for e in ([] if quiet else errors[:3]):
            print('openapi_mock: %s does not match its schema at %s: %s' % (
                what, '/'.join(map(str, e.absolute_path)), e.message), file=sys.stderr, flush=True)
        return not errors


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    mock = None

    def log_message(self, *args):
        pass

    def rid(self):
        return 'req_' + '%012x' % self.mock.rng.getrandbits(48)

    def send_body(self, status, obj, op=None, extra_headers=()):
        rid = self.rid()
        body = b''
        if isinstance(obj, dict) and 'error' in obj:
            obj['error']['request_id'] = rid
        if obj is not None:
            if op is not None:
                resp = op['responses'].get(str(status)) or op['responses']['default']
                schema = self.mock.gen.deref(resp)['content']['application/json']['schema']
                if not self.mock.check(obj, schema, '%s %s -> %d' % (self.command, self.path, status)):
                    status, obj = 500, {'error': {'code': 'internal_error', 'message': 'mock: invalid answer',
                                                  'request_id': rid}}
            body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header('X-Request-Id', rid)
        for k, v in extra_headers:
            self.send_header(k, v)
        if obj is not None:
            self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, code, message, op=None, extra_headers=()):
        self.send_body(status, {'error': {'code': code, 'message': message, 'request_id': ''}}, op, extra_headers)

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_DELETE(self):
        self.handle_any()

    def do_PUT(self):
        self.handle_any()

    def do_PATCH(self):
        self.handle_any()

    def handle_any(self):
        m = self.mock
        url = urlsplit(self.path)
        length = int(self.headers.get('Content-Length') or 0)
        raw = self.rfile.read(length) if length else b''
        if m.request_log:
            m.request_log.write('%s %s %s\n' % (self.command, self.path, raw.decode('utf-8', 'replace')))
        if self.command == 'GET' and url.path.startswith('/files/'):
            return self.files(url.path)
        found = None
        allowed = False
        for method, rx, op, params in m.routes:
            mm = rx.match(url.path)
            if mm:
                allowed = True
                if method == self.command:
                    found = (op, params, mm.groupdict())
                    break
        if not found:
            if allowed:
                return self.error(405, 'method_not_allowed', 'Method not allowed.')
            return self.error(404, 'not_found', 'Not found.')
        op, params, path = found
        # Authentication, then the namespace, as the contract lists them: 401 before 403.
        auth = self.headers.get('Authorization', '')
        a = m.args
        reader = auth == 'Bearer ' + a.token or auth == 'API-Key ' + a.api_key
        if not (reader or (a.read_token and auth == 'Bearer ' + a.read_token)):
            return self.error(401, 'unauthorized', 'Missing or invalid credentials.', op,
                              [('WWW-Authenticate', 'Bearer')])
        # Parameters, validated by their own schemas in the document.
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        values = {}
        for p in params:
            if p.get('x-seed-extension'):
                continue
            src = path if p['in'] == 'path' else query if p['in'] == 'query' else {}
            if p['name'] not in src:
                continue
            v = src[p['name']]
            sch = m.gen.deref(p.get('schema', {}))
            if sch.get('type') == 'integer':
                if not re.fullmatch(r'-?[0-9]+', v):
                    return self.error(400, 'invalid_request', "'%s' must be an integer." % p['name'], op)
                v = int(v)
            elif sch.get('type') == 'boolean':
                if v not in ('true', 'false'):
                    return self.error(400, 'invalid_request', "'%s' must be true or false." % p['name'], op)
                v = v == 'true'
            if not m.check(v, sch, 'parameter ' + p['name'], quiet=True):
                return self.error(400, 'invalid_request', "Invalid value for '%s'." % p['name'], op)
            values[p['name']] = v
        if path['namespace'] != a.namespace:
            return self.error(403, 'forbidden', 'Insufficient permissions for this namespace.', op)
        if self.command != 'GET' and not reader:
            return self.error(403, 'forbidden', 'This credential may only read.', op)
        if 'since' in values:
            try:
                values['since'] = datetime.fromisoformat(values['since'].replace('Z', '+00:00')).timestamp()
                if 'T' not in query['since']:
                    raise ValueError
            except ValueError:
                return self.error(400, 'invalid_request', "'since' must be an ISO 8601 timestamp.", op)
        name = path.get('name')
        if name in ('http-429', 'http-500'):
            if name == 'http-429':
                return self.error(429, 'rate_limit_exceeded', 'Rate limit exceeded.', op, [('Retry-After', '3600')])
            return self.error(500, 'internal_error', 'Seed orchestration failure.', op)
        with m.lock:
            now = time.time()
            opid = op['operationId']
            if opid == 'createJob':
                return self.create(op, raw, now)
            if opid == 'listJobs':
                return self.list(op, values, now)
            j = m.jobs.get(name)
            if j is None:
                return self.error(404, 'not_found', "Job '%s' not found." % name, op)
            status = m.advance(j, now)[0]
            if opid == 'getJob':
                return self.send_body(200, m.job_object(j, 'Job', now), op)
            if opid == 'getJobAnalytics':
                o = m.gen.gen({'$ref': '#/components/schemas/Analytics'})
                o.update(name=name, namespace=a.namespace, runtime_seconds=m.advance(j, now)[3])
                return self.send_body(200, o, op)
            if opid == 'cancelJob':
                if status not in ('queued', 'running'):
                    return self.error(409, 'conflict', 'Job is already %s.' % status, op)
                j['cancelled_at'] = now
                return self.send_body(200, m.job_object(j, 'CancelResult', now), op)
            if opid == 'deleteJob':
                if status in ('queued', 'running'):
                    return self.error(409, 'conflict', 'Only completed, failed, or cancelled jobs can be deleted.', op)
                del m.jobs[name]
                return self.send_body(204, None)
            if opid == 'getJobLogs':
                lines = [l for l in j['lines'] if 'since' not in values or l[0] > values['since']]
                tail = values.get('tail', 100)
                if not values.get('stream'):
                    shown = lines[-tail:]
                    return self.send_body(200, {'name': name, 'namespace': a.namespace,
                                                'lines': [self.line(j, l) for l in shown],
                                                'has_more': len(shown) < len(lines)}, op)
                if status != 'running':
                    return self.error(409, 'conflict', 'Job is not running; streaming is only available for '
                                      'running jobs.', op)
                sent = len(j['lines']) - len(lines[-tail:])
        return self.stream(j, sent)

    def line(self, j, l):
        o = {'timestamp': iso(l[0]), 'message': l[1]}
        if self.mock.args.log_ids:
            o['id'] = j['lines'].index(l) + 1
        return o

    def stream(self, j, sent):
        self.send_response(200)
        self.send_header('X-Request-Id', self.rid())
        self.send_header('Content-Type', 'text/event-stream')
        self.send_header('Cache-Control', 'no-cache')
        self.send_header('Connection', 'close')
        self.end_headers()
        self.close_connection = True
        m = self.mock
        while True:
            with m.lock:
                status = m.advance(j, time.time())[0]
                new = j['lines'][sent:]
                sent = len(j['lines'])
            for l in new:
                ev = b''
                if m.args.log_ids:
                    ev += b'id: %d\n' % (j['lines'].index(l) + 1)
                self.wfile.write(ev + b'data: ' + json.dumps(self.line(j, l)).encode() + b'\n\n')
            self.wfile.flush()
            if status != 'running':
                return  # no `event: end`: the stream just closes
            time.sleep(LINE_EVERY / 2)

    def create(self, op, raw, now):
        m = self.mock
        try:
            body = json.loads(raw)
        except ValueError:
            return self.error(400, 'invalid_request', 'The body is not JSON.', op)
        schema = op['requestBody']['content']['application/json']['schema']
        resolver = jsonschema.RefResolver('', m.spec)
        errs = list(jsonschema.Draft202012Validator(schema, resolver=resolver).iter_errors(body))
        if errs:
            e = errs[0]
            where = '.'.join(map(str, e.absolute_path))
            return self.error(400, 'invalid_request', ("'%s': " % where if where else '') + e.message, op)
        # The mock's own machine-shape rule: small GPUs come with at most 32 vCPUs.
        if body['gpu'] in ('L4', 'T4') and body.get('cpu', 8) > 32:
            return self.error(422, 'unprocessable_entity', 'Invalid GPU/CPU/memory combination.', op)
        if body['name'] in m.jobs:
            return self.error(409, 'conflict', "A job named '%s' already exists." % body['name'], op)
        j = m.new_job(body, now)
        m.jobs[body['name']] = j
        return self.send_body(201, m.job_object(j, 'JobCreated', now), op,
                              [('Location', '/%s/job/%s' % (m.args.namespace, body['name']))])

    def list(self, op, values, now):
        m = self.mock
        jobs = list(m.jobs.values())
        items = [(j, m.advance(j, now)) for j in jobs]
        if 'status' in values:
            items = [x for x in items if x[1][0] == values['status']]
        key = values.get('sort', 'created_at')
        idx = {'created_at': lambda x: (x[0]['created'], x[0]['order']), 'name': lambda x: x[0]['body']['name'],
               'started_at': lambda x: x[1][1] or 0, 'completed_at': lambda x: x[1][2] or 0}[key]
        items.sort(key=idx, reverse=values.get('order', 'desc') == 'desc')
        page, per = values.get('page', 1), values.get('per_page', 20)
        chunk = items[(page - 1) * per:page * per]
        data = [m.job_object(j, 'JobListItem', now) for j, _ in chunk]
        return self.send_body(200, {'data': data, 'pagination': {
            'page': page, 'per_page': per, 'total': len(items), 'total_pages': (len(items) + per - 1) // per}}, op)

    def files(self, path):
        m = self.mock
        with m.lock:
            for j in m.jobs.values():
                if path == '/files/%s.tar' % j['id'] and j['body'].get('output_path'):
                    data = m.artifacts_tar(j)
                    break
            else:
                return self.error(404, 'not_found', 'Not found.')
        self.send_response(200)
        self.send_header('Content-Type', 'application/x-tar')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--spec', default=DEFAULT_SPEC)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--namespace', default='acme')
    ap.add_argument('--token', default='mock-token')
    ap.add_argument('--read-token', default='mock-read-token')
    ap.add_argument('--api-key', default='ci$sk_mock')
    ap.add_argument('--run-seconds', type=float, default=2.0)
    ap.add_argument('--extra', type=int, default=3, help='random ended jobs besides the named ones')
    ap.add_argument('--log-ids', action='store_true', help="log lines carry seedd's additive `id`")
    ap.add_argument('--hostile-artifacts', action='store_true')
    ap.add_argument('--request-log', help='append "METHOD PATH" of every request to this file')
    args = ap.parse_args()
    Handler.mock = Mock(args)
    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    server.daemon_threads = True
    Handler.mock.base_url = 'http://127.0.0.1:%d' % server.server_address[1]
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
