import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService, type Principal } from '@jixiao/evaluation';
import type { HttpRequest } from '../http/http-types';
import { ApiErrorResponses } from '../http/api-error.dto';
import { PrincipalDto, SignInDto } from './auth.responses';
import { CurrentPrincipal } from './current-principal.decorator';
import { ChangePasswordDto, LoginDto, RefreshDto } from './login.dto';
import { AllowedBeforePasswordChange } from './password-change.decorator';
import { Public } from './public.decorator';
import { SIGN_IN_OPTIONS, SignInOptionsDto } from './sign-in-options';
import { requestOrigin } from './request-origin';

@ApiTags('auth')
@ApiErrorResponses()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(SIGN_IN_OPTIONS) private readonly signInOptions: SignInOptionsDto,
  ) {}

  @Public()
  @Get('sign-in-options')
  @ApiOperation({ summary: 'What the sign-in page shows: the demo accounts by organisation when this start loaded them (never in production)' })
  @ApiOkResponse({ type: SignInOptionsDto })
  options(): SignInOptionsDto {
    return this.signInOptions;
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with user name and password; answers an access token and a refresh token',
    description:
      'Failed sign-ins are limited per user name and address, per user name and per address (by default 5, 30 and 50 in 15 minutes); past a limit the answer is 429 AUTH.TOO_MANY_ATTEMPTS with Retry-After, the same for unknown and known user names.' +
      ' ' +
      'A disabled account answers 403 AUTH.ACCOUNT_DISABLED, but only to the right password. With `user.mustChangePassword` ' +
      'every route but GET /api/auth/me, POST /api/auth/password and POST /api/auth/logout answers 403 AUTH.PASSWORD_CHANGE_REQUIRED.',
  })
  @ApiOkResponse({ type: SignInDto })
  login(@Body() body: LoginDto, @Req() request: HttpRequest): Promise<SignInDto> {
    return this.auth.login(body.username, body.password, requestOrigin(request));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Swap a refresh token for a new access and refresh token',
    description:
      'The refresh token works once. Presenting one that was already swapped ends the session (401 AUTH.REFRESH_REUSED). Too many refreshes of one account, or failed ones from one address, answer 429 AUTH.TOO_MANY_ATTEMPTS with Retry-After.',
  })
  @ApiOkResponse({ type: SignInDto })
  refresh(@Body() body: RefreshDto, @Req() request: HttpRequest): Promise<SignInDto> {
    return this.auth.refresh(body.refreshToken, requestOrigin(request));
  }

  @Post('logout')
  @AllowedBeforePasswordChange()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the session this request belongs to: its access and refresh tokens stop working' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async logout(@CurrentPrincipal() principal: Principal, @Req() request: HttpRequest): Promise<void> {
    await this.auth.logout(principal, requestOrigin(request));
  }

  @Post('password')
  @AllowedBeforePasswordChange()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own password; your other sessions end' })
  @ApiNoContentResponse({ description: 'Changed' })
  async changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto, @Req() request: HttpRequest): Promise<void> {
    await this.auth.changePassword(principal, body.currentPassword, body.newPassword, requestOrigin(request));
  }

  @Get('me')
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the token belongs to' })
  @ApiOkResponse({ type: PrincipalDto })
  me(@CurrentPrincipal() principal: Principal): PrincipalDto {
    const { sessionId: _sessionId, ...rest } = principal;
    return rest;
  }
}
