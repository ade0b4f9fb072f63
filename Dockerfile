# The API image (the worker runs from the same image). Build: docker build -t jixiao .
# Node 24 LTS: one of the versions the README says were tested. No Docker engine runs in CI;
# scripts/ci/production-install.sh checks the same install (npm ci --omit=dev, the built dist).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Only the runtime dependencies stay (nodemailer among them: the worker sends mail with it).
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
# A fixed glibc mmap threshold: large blocks (the rendering thread's fonts) go back to the system when
# freed, instead of staying resident in malloc's heaps (apps/api/src/heap.ts).
ENV NODE_ENV=production PORT=3000 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/apps/api/src/main.js"]
