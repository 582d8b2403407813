#!/usr/bin/env python3
"""Helpers for bench/sandbox.sh, standard library only.

  fhir_client.py free-port
  fhir_client.py credentials SANDBOXES_JSON            -> fhir_base, token_url, client_id, secret (one a line)
  fhir_client.py token TOKEN_URL CLIENT_ID SECRET      -> an access token (client_credentials, HTTP Basic)
  fhir_client.py seed BASE TOKEN_URL CLIENT_ID SECRET OUT_DIR [PATIENTS] [PER_PATIENT] [THREADS]
      POSTs transaction Bundles (one Patient and PER_PATIENT Observations each) to BASE, prints a
      progress line, writes OUT_DIR/patients.txt and OUT_DIR/observations.txt (one id a line).
  fhir_client.py check BASE TOKEN                      -> POSTs the benchmark's Observation to
      BASE/Observation/$validate and prints the answer (status and body).
"""

import base64
import http.client
import json
import socket
import sys
import threading
import time
import urllib.parse
import uuid

TOKEN_REFRESH_SECONDS = 200  # tokens live 300 s on both servers here

LAB_CODES = [
    ("2339-0", "Glucose [Mass/volume] in Blood", "mg/dL", 70, 140),
    ("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL", 120, 260),
    ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", 11, 17),
    ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", 0.5, 1.4),
]


def observation(patient_ref, n):
    code, display, unit, low, high = LAB_CODES[n % len(LAB_CODES)]
    value = round(low + (high - low) * ((n * 37) % 100) / 100, 1)
    day = 1 + n % 28
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "laboratory"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": code, "display": display}]},
        "subject": {"reference": patient_ref},
        "effectiveDateTime": f"2024-{1 + n % 12:02d}-{day:02d}T08:30:00Z",
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org",
                          "code": unit},
    }


def patient(n):
    return {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:oid:1.2.3.4.5.1", "value": f"bench-{n}"}],
        "name": [{"family": f"Bench{n}", "given": ["Pat"]}],
        "gender": ["female", "male"][n % 2],
        "birthDate": f"{1940 + n % 60}-{1 + n % 12:02d}-{1 + n % 28:02d}",
    }


def connection(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=120), parts.path


def token(token_url, client_id, secret, patience=180):
    """An access token; a server still busy with a load run's leftovers (5xx, no answer) is asked
    again every 2 s for up to `patience` seconds, each failed answer printed to stderr."""
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    deadline = time.monotonic() + patience
    while True:
        conn, path = connection(token_url)
        try:
            conn.request("POST", path, body="grant_type=client_credentials",
                         headers={"Authorization": f"Basic {basic}",
                                  "Content-Type": "application/x-www-form-urlencoded"})
            answer = conn.getresponse()
            status, body = answer.status, answer.read()
        except (OSError, http.client.HTTPException) as error:
            status, body = 0, str(error).encode()
        finally:
            conn.close()
        if status == 200:
            return json.loads(body)["access_token"]
        sys.stderr.write(f"token: {status} {body.decode(errors='replace')}\n")
        if (status and status < 500) or time.monotonic() > deadline:
            sys.exit(f"token: gave up after {patience} s")
        time.sleep(2)


class Tokens:
    """A token shared by the seeding threads, renewed before it expires."""

    def __init__(self, token_url, client_id, secret):
        self.args = (token_url, client_id, secret)
        self.lock = threading.Lock()
        self.value, self.at = token(*self.args), time.monotonic()

    def get(self):
        with self.lock:
            if time.monotonic() - self.at > TOKEN_REFRESH_SECONDS:
                self.value, self.at = token(*self.args), time.monotonic()
            return self.value


def seed(base, token_url, client_id, secret, out_dir, patients=1000, per_patient=99, threads=2):
    patients, per_patient, threads = int(patients), int(per_patient), int(threads)
    tokens = Tokens(token_url, client_id, secret)
    patient_ids, observation_ids = [], []
    lock = threading.Lock()
    next_index = iter(range(patients))
    failure = []
    started = time.monotonic()
    total = patients * (1 + per_patient)
    start_of_line, end_of_line = ("\r", "") if sys.stderr.isatty() else ("", "\n")

    def work():
        conn, path = connection(base)
        while not failure:
            with lock:
                n = next(next_index, None)
            if n is None:
                return
            full = f"urn:uuid:{uuid.uuid4()}"
            entries = [{"fullUrl": full, "resource": patient(n),
                        "request": {"method": "POST", "url": "Patient"}}]
            for k in range(per_patient):
                entries.append({"fullUrl": f"urn:uuid:{uuid.uuid4()}",
                                "resource": observation(full, n * per_patient + k),
                                "request": {"method": "POST", "url": "Observation"}})
            bundle = json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": entries})
            headers = {"Authorization": f"Bearer {tokens.get()}",
                       "Content-Type": "application/fhir+json", "Accept": "application/fhir+json"}
            try:
                conn.request("POST", path, body=bundle, headers=headers)
                answer = conn.getresponse()
                body = answer.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn, path = connection(base)
                conn.request("POST", path, body=bundle, headers=headers)
                answer = conn.getresponse()
                body = answer.read()
            if answer.status != 200:
                failure.append(f"bundle {n}: {answer.status} {body[:3000].decode(errors='replace')}")
                return
            ids = {"Patient": [], "Observation": []}
            for entry in json.loads(body).get("entry", []):
                location = entry.get("response", {}).get("location", "")
                segments = location.split("/_history")[0].split("/")
                if len(segments) >= 2 and segments[-2] in ids:
                    ids[segments[-2]].append(segments[-1])
            with lock:
                patient_ids.extend(ids["Patient"])
                observation_ids.extend(ids["Observation"])
                done = len(patient_ids) + len(observation_ids)
                elapsed = time.monotonic() - started
                if done * 20 // total != (done - 1 - per_patient) * 20 // total or done == total:
                    sys.stderr.write(f"{start_of_line}  seeded {done:,}/{total:,} resources "
                                     f"({done / elapsed:,.0f}/s, {elapsed:,.0f} s){end_of_line}")
                    sys.stderr.flush()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if failure:
        sys.exit(failure[0])
    elapsed = time.monotonic() - started
    with open(f"{out_dir}/patients.txt", "w") as out:
        out.write("\n".join(patient_ids) + "\n")
    with open(f"{out_dir}/observations.txt", "w") as out:
        out.write("\n".join(observation_ids) + "\n")
    print(f"seeded {len(patient_ids):,} patients and {len(observation_ids):,} observations "
          f"in {elapsed:,.1f} s ({(len(patient_ids) + len(observation_ids)) / elapsed:,.0f} resources/s, "
          f"{patients / elapsed:,.1f} bundles of {1 + per_patient}/s, {threads} clients)")


def check(base, access_token):
    conn, path = connection(base)
    headers = {"Authorization": f"Bearer {access_token}", "Content-Type": "application/fhir+json",
               "Accept": "application/fhir+json"}
    body = json.dumps(observation("Patient/example", 0))
    url = f"{path}/Observation/$validate"
    conn.request("POST", url, body=body, headers=headers)
    answer = conn.getresponse()
    print(f"POST {url} -> {answer.status}: {answer.read()[:1500].decode(errors='replace')}")


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "free-port":
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            print(sock.getsockname()[1])
    elif command == "credentials":
        with open(args[0]) as file:
            entries = json.load(file)
        entry = next(e for e in entries if e["auth_method"] == "client_secret_basic")
        print(entry["fhir_base"], entry["token_url"], entry["client_id"], entry["client_secret"],
              sep="\n")
    elif command == "token":
        print(token(*args))
    elif command == "seed":
        seed(*args)
    elif command == "check":
        check(*args)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
