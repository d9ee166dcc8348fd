import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../common/auth/decorators';
import { DASHBOARD_HTML } from './dashboard.html';
import { DASHBOARD_JS } from './dashboard.js';

/**
 * The operational dashboard's static page and script, outside the API prefix. Only the HTML and
 * JavaScript are public: every figure on the page comes from the authenticated API, with the
 * signed-in session's cookie (OIDC, modules/sign-in) or a pasted bearer token, so each section
 * shows only what the person's roles allow.
 */
/** No inline script, no other origin: the page's only script is /dashboard/app.js (styles stay inline). */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Security-Policy', DASHBOARD_CSP)
  page(): string {
    return DASHBOARD_HTML;
  }

  @Get('app.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Security-Policy', DASHBOARD_CSP)
  script(): string {
    return DASHBOARD_JS;
  }
}
