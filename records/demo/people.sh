# people.sh - part of the demo: people, meetings, attendance and a review note.
#
# Sample data for the demonstration.  The people, meeting numbers and dates
# come from public CSC records (meeting 35 was held at ICANN66 in Montreal,
# 2-7 November 2019); the membership dates, the times and the attendance
# shown are illustrative, not a historical record.
set -e

echo "== people: members, liaisons and secretariat"
$GOVREC person add "Byron Holland" --alias "BYRON HOLLAND" --alias Byron \
	--role member --body ccNSO --from 2016-10-01
$GOVREC person add "Jay Daley" --role member --body ccNSO --from 2016-10-01 --to 2018-09-30
$GOVREC person add "Kal Feher" --role member --body RySG --from 2016-10-01
$GOVREC person add "Elaine Pruis" --role member --body RySG --from 2016-10-01
$GOVREC person add "Brett Carr" --role member --body ccNSO --from 2018-10-01
$GOVREC person add "Naela Sarras" --role pti-liaison --body PTI --from 2016-10-01
$GOVREC person add "Bart Boswinkel" --role secretariat --body ICANN --from 2016-10-01
$GOVREC person add "Ria Otanes" --alias "Ria Otnes" --role secretariat --body ICANN --from 2016-10-01

echo "== meetings"
agenda() {
	# the CSC agenda template
	printf '%s\n' "--agenda" "Welcome and roll call" "--agenda" "Review of open action items" \
		"--agenda" "PTI performance report for the month" "--agenda" "$1" \
		"--agenda" "AOB" "--agenda" "Next meetings"
}
# shellcheck disable=SC2046
IFS='
'
$GOVREC meeting add --number 13 --date 2017-08-17 --time 17:00 --title "CSC Meeting 13" \
	$(agenda "Procedure for changing the Service Level Expectations")
$GOVREC meeting add --number 23 --date 2018-09-17 --time 17:00 --title "CSC Meeting 23" \
	$(agenda "CSC Charter Review: amended charter")
$GOVREC meeting add --number 34 --date 2019-10-15 --time 13:00 --title "CSC Meeting 34" \
	$(agenda "SLA amendments: IDN tables and ccTLD creation and transfer")
$GOVREC meeting add --number 35 --date 2019-11-05 --time 17:00 --kind public \
	--title "CSC Meeting 35 (ICANN66, Montreal)" \
	$(agenda "ccTLD creation and transfer SLAs: the public comment")
$GOVREC meeting add --number 36 --date 2019-12-16 --time 19:00 --title "CSC Meeting 36" \
	$(agenda "Effectiveness review recommendations")
unset IFS

for p in Holland Daley Feher Pruis Sarras Boswinkel; do $GOVREC meeting attend 13 "$p" >/dev/null; done
for p in Holland Feher Pruis Sarras Boswinkel; do $GOVREC meeting attend 23 "$p" >/dev/null; done
$GOVREC meeting attend 23 Daley --status apologies >/dev/null
for p in Holland Carr Feher Pruis Sarras Otanes; do $GOVREC meeting attend 34 "$p" >/dev/null; done
for p in Holland Carr Feher Pruis Sarras Boswinkel; do $GOVREC meeting attend 35 "$p" >/dev/null; done
for p in Holland Carr Pruis Sarras Boswinkel; do $GOVREC meeting attend 36 "$p" >/dev/null; done
$GOVREC meeting attend 36 Feher --status apologies >/dev/null

echo "== a charter-review note"
$GOVREC note add --review "CSC Charter Review 2018" --section "Scope" --date 2018-06-19 \
	"$DEMO_DATA/charter-review-2018.md"

echo
echo "\$ govrec meeting show 34"
$GOVREC meeting show 34
echo
echo "\$ govrec attendance --year 2019"
$GOVREC attendance --year 2019
