/*
 * metric-out.h - how metric values are printed, shared by `metric` and
 * `proposal` (cmd-metric.c holds the code).
 */
#ifndef GOVREC_CLI_METRIC_OUT_H
#define GOVREC_CLI_METRIC_OUT_H

#include "govrec/json.h"
#include "govrec/metric.h"

/*
 * Writes v's fields into the open JSON object: threshold, unit,
 * threshold_seconds, type, target_percent, period (all null, and removed
 * true, for a removal).
 */
void cli_values_json(struct govrec_json *j, const struct govrec_metric_values *v);

/* key, then v as an object of the fields above, or null when !present. */
void cli_values_kjson(struct govrec_json *j, const char *key, int present,
		      const struct govrec_metric_values *v);

/* "50 minutes Max 95%" (or "removed") into out. */
void cli_values_text(const struct govrec_metric_values *v, char *out, size_t size);

#endif
