import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../common/auth/decorators';
import { DASHBOARD_HTML } from './dashboard.html';
import { DASHBOARD_JS } from './dashboard.js';

/**
 * The operational dashboard's static page and script, outside the API prefix. Only the HTML and
 * JavaScript are public: every figure on the page comes from the authenticated API with the
 * bearer token the user pastes, so each section shows only what the token's roles allow.
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return DASHBOARD_HTML;
  }

  @Get('app.js')
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  script(): string {
    return DASHBOARD_JS;
  }
}
