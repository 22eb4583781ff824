"""Utskick: samrådets uppföljningar och kommunernas avvikelser når dem de gäller, per e-post och i kalendern.

- påminnelser om en uppföljning 7 dagar före och när den blivit försenad (till Ansvarig, annars skribenten);
- en veckosammanfattning på måndagar till varje chef (hemkommunen) och styrgruppen (regionen), med bara de
  siffror mottagarens roll ser på sidorna;
- kalenderflödet /uppfoljning.ics bakom en hemlig adress per användare.

Varje meddelande skickas en gång: registret (utskick/register.py, i anteckningarnas databas) har en unik
nyckel per meddelande, och den som först skriver raden skickar. Paketet importerar inte Dash.
"""
