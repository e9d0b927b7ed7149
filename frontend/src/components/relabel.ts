// The server names a few fields by labels of its own (apperr.Label: "body" is "Text", "from_party"
// is "Handed over by"); relabel rewords its messages about them with the form's label before a
// form shows them, so a message always names the field it sits under.
import { ApiError } from '../api/problem';

/** ServerLabels maps a field to the server's label for it and the form's. */
export type ServerLabels = Partial<Record<string, readonly [server: string, form: string]>>;

/** relabel returns error with its field messages that start with the server's label starting with the form's. */
export function relabel(error: unknown, names: ServerLabels): unknown {
  if (!(error instanceof ApiError) || !error.problem?.errors) return error;
  const errors = error.problem.errors.map((e) => {
    const [server, form] = names[e.field] ?? [];
    return server && form && e.message.startsWith(`${server} `)
      ? { ...e, message: `${form}${e.message.slice(server.length)}` }
      : e;
  });
  return new ApiError(error.status, { ...error.problem, errors }, error.retryAfterSeconds);
}
