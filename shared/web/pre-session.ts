/** The random value a sign-in form's CSRF value derives from, in an HttpOnly cookie scoped to /app/sign-in. */
export const PRE_SESSION_COOKIE = 'cv_pre';
