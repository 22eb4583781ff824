"""Last: AME-chefer som byter kommun och period, och projektorn som roterar bilder (make bench).

Körs i en egen miljö (requirements-last.txt) mot gunicorn; anropskropparna för
callbackarna skrivs av bench/last.py till LAST_KROPPAR, så att filen inte behöver
importera appen.
"""
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

KROPPAR = json.loads(Path(os.environ["LAST_KROPPAR"]).read_text(encoding="utf-8"))
LOSENORD = os.environ["LAST_LOSENORD"]


class Inloggad(HttpUser):
    abstract = True
    anvandare = ""

    def on_start(self):
        sida = self.client.get("/logga-in", name="/logga-in").text
        hittat = re.search(r'name="token" value="([^"]+)"', sida)
        assert hittat is not None, "inloggningssidan har ingen formulärtoken"
        token = hittat.group(1)
        self.client.post("/logga-in", data={"anvandare": self.anvandare, "losenord": LOSENORD, "token": token,
                                            "nasta": "/"}, allow_redirects=False, name="/logga-in")

    def callback(self, namn):
        kropp = random.choice(KROPPAR[namn])
        with self.client.post("/_dash-update-component", data=kropp, name=f"callback {namn}",
                              headers={"Content-Type": "application/json"}, catch_response=True) as svar:
            if svar.status_code == 204:  # PreventUpdate är ett giltigt svar
                svar.success()


class Chef(Inloggad):
    weight = 4
    wait_time = between(0.5, 2)
    anvandare = "anna"

    @task(3)
    def oversikt(self):
        self.callback("oversikt")

    @task(2)
    def jobbspar(self):
        self.callback("jobbspar_kluster")

    @task(1)
    def extratjanster(self):
        self.callback("extratjanster_kommun")

    @task(1)
    def ny_sida(self):
        self.client.get("/_dash-layout", name="/_dash-layout")


class Projektor(Inloggad):
    weight = 1
    wait_time = between(1, 3)
    anvandare = "bildskarm"

    @task
    def nasta_bild(self):
        self.callback("kommunprofil")
