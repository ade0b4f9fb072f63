import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService, type Principal, type SignIn } from '@jixiao/evaluation';
import type { Request } from 'express';
import { CurrentPrincipal } from './current-principal.decorator';
import { LoginDto } from './login.dto';
import { Public } from './public.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with user name and password; answers a bearer token' })
  login(@Body() body: LoginDto, @Req() request: Request): Promise<SignIn> {
    return this.auth.login(body.username, body.password, request.ip ?? null);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke the token this request carries' })
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.auth.logout(principal);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the token belongs to' })
  me(@CurrentPrincipal() principal: Principal): Omit<Principal, 'sessionId'> {
    const { sessionId: _sessionId, ...rest } = principal;
    return rest;
  }
}
