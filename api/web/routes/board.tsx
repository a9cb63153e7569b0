// The public notice board: no login (the header still shows who is logged in, if anyone).
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { render } from '../components/layout';
import { errorMessageOf, fieldErrorsOf, formValues, renderError } from '../errors';
import { BoardPage, NoticePage } from '../pages/board';
import { optionalLogin, setFlash, type WebEnv } from '../session';
import type { PageMeta, PublicNotice } from '../views';

type NoticeList = { items: PublicNotice[]; meta: PageMeta };
const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);

export const boardPages = new Hono<WebEnv>()
  .get('/board', optionalLogin, async (c) => {
    const t = c.get('t');
    const api = c.get('api');
    const [open, paused, past] = await Promise.all([
      api.get<NoticeList>('/public/notices', { status: 'OPEN', pageSize: 100 }),
      api.get<NoticeList>('/public/notices', { status: 'PAUSED', pageSize: 100 }),
      api.get<NoticeList>('/public/notices', { status: 'CLOSED', pageSize: 20, page: c.req.query('page') || undefined }),
    ]);
    if (!open.ok) return renderError(c, open.status, open.error);
    const current = [...open.data.items, ...(paused.ok ? paused.data.items : [])];
    return render(
      c,
      t.board.title,
      <BoardPage t={t} current={current} past={past.ok ? past.data.items : []} pastMeta={past.ok ? past.data.meta : { page: 1, pageSize: 20, total: 0 }} />,
    );
  })
  .get('/board/:id{[0-9a-fA-F-]{36}}', optionalLogin, async (c) => {
    const res = await c.get('api').get<PublicNotice>(`/public/notices/${c.req.param('id')}`);
    if (!res.ok) return renderError(c, res.status, res.error);
    return render(c, res.data.title, <NoticePage t={c.get('t')} notice={res.data} errors={{}} values={{}} />);
  })
  .post('/board/:id{[0-9a-fA-F-]{36}}/objections', optionalLogin, async (c) => {
    const t = c.get('t');
    const id = c.req.param('id');
    const values = await formValues(c);
    const res = await c.get('api').send('POST', `/public/notices/${id}/objections`, { name: text(values.name), contact: values.contact ?? '', reason: values.reason ?? '' });
    if (res.ok) {
      setFlash(c, { kind: 'success', text: t.board.objectionFiled });
      return c.redirect(`/board/${id}`, 303);
    }
    const notice = await c.get('api').get<PublicNotice>(`/public/notices/${id}`);
    if (!notice.ok) return renderError(c, notice.status, notice.error);
    const errors = fieldErrorsOf(c, res.error);
    const message = Object.keys(errors).length > 0 ? undefined : errorMessageOf(c, res.error);
    return render(c, notice.data.title, <NoticePage t={t} notice={notice.data} errors={errors} values={values} message={message} />, ([400, 404, 409].includes(res.status) ? res.status : 500) as ContentfulStatusCode);
  });
